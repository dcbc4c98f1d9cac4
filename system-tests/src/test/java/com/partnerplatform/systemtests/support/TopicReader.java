package com.partnerplatform.systemtests.support;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.partnerplatform.events.Topics;

/**
 * Reads a topic whole, deterministically: every partition assigned explicitly, from the beginning
 * to the end offsets taken at the start (no consumer group, no quiet-period guessing).
 */
public final class TopicReader {

    /** A record as text: key, value and every header (values as UTF-8). */
    public record TextRecord(String topic, int partition, long offset, String key, String value, Map<String, String> headers) {

        public String header(String name) {
            return headers.get(name);
        }

        /** Everything a secret could hide in. */
        public String allText() {
            return key + "\n" + value + "\n" + headers;
        }
    }

    private TopicReader() {
    }

    /** Every topic name event-schemas defines (the public String constants of {@link Topics}). */
    public static List<String> allTopics() {
        List<String> topics = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    topics.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return topics;
    }

    /** Everything on {@code topic} now (empty when the topic does not exist). */
    public static List<TextRecord> readAll(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "system-tests-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        List<TextRecord> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15));
            if (partitions == null || partitions.isEmpty()) {
                return records;
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(15));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (assigned.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(15)) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
                    }
                    records.add(new TextRecord(topic, record.partition(), record.offset(), text(record.key()),
                            text(record.value()), headers));
                }
            }
        }
        return records;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
