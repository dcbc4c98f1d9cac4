package com.partnerplatform.webhook.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.partnerplatform.events.Topics;
import com.partnerplatform.testsupport.DatabaseSettings;
import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.webhook.testing.CloudEvents;

/** What a fault test checks at the end: the broker's and the database's view of a run. */
final class DeliveryLog {

    private DeliveryLog() {
    }

    /**
     * Every acknowledged id is on Kafka, none of the refused ones is, and consumer-side dedupe by
     * CloudEvent id leaves each acknowledged event exactly once. Returns the raw duplicate count.
     */
    static long assertDurablyAcceptedExactlyOnce(String bootstrapServers, Set<String> acknowledged, Set<String> refused) {
        List<ConsumerRecord<String, String>> all = readEvents(bootstrapServers, acknowledged, Duration.ofSeconds(60));
        Map<String, Long> counts = CloudEvents.countsById(all, acknowledged);
        assertThat(counts.keySet()).as("acknowledged deliveries on Kafka").containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(CloudEvents.countsById(all, refused)).as("refused deliveries on Kafka").isEmpty();
        Set<String> distinct = Set.copyOf(all.stream().map(CloudEvents::read).map(e -> e.id())
                .filter(acknowledged::contains).toList());
        assertThat(distinct).as("after dedupe by CloudEvent id").hasSameSizeAs(acknowledged);
        return counts.values().stream().mapToLong(Long::longValue).sum() - acknowledged.size();
    }

    /**
     * The whole events topic, read without a consumer group (no coordinator to wait for): until every
     * id in {@code expected} was seen or {@code timeout} passed, then until nothing new arrives for 2 s.
     */
    static List<ConsumerRecord<String, String>> readEvents(String bootstrapServers, Set<String> expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.YCMT_WEBHOOK_EVENTS, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline
                    && (!seen.containsAll(expected) || System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos())) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (!batch.isEmpty()) {
                    quietSince = System.nanoTime();
                    batch.forEach(record -> {
                        records.add(record);
                        seen.add(CloudEvents.read(record).id());
                    });
                }
            }
        }
        return records;
    }

    /** State of each id in the delivery table. */
    static Map<String, String> states(DatabaseSettings db, Set<String> ids) {
        Map<String, String> states = new HashMap<>();
        try (Connection connection = PostgresServer.open(db);
                PreparedStatement query = connection.prepareStatement("select delivery_id, state from webhook.delivery")) {
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (ids.contains(rows.getString(1))) {
                        states.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return states;
    }
}
