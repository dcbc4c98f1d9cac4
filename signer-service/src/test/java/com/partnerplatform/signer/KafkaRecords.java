package com.partnerplatform.signer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.partnerplatform.testsupport.KafkaBroker;
import com.partnerplatform.testsupport.KafkaTestHelper;

/** Raw Kafka clients with byte[] values and headers, for asserting exact bytes on the shared test broker. */
public final class KafkaRecords {

    private static KafkaProducer<String, byte[]> producer;

    private KafkaRecords() {
    }

    public static synchronized RecordMetadata produce(String topic, String key, byte[] value, Map<String, byte[]> headers) {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, bytes) -> record.headers().add(name, bytes));
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /** Sends many records without waiting for each, then waits for all acknowledgements. */
    public static synchronized void produceAll(List<ProducerRecord<String, byte[]>> records) {
        produce("__warm-up-" + UUID.randomUUID(), "k", new byte[0], Map.of());
        List<java.util.concurrent.Future<RecordMetadata>> futures = new ArrayList<>();
        records.forEach(r -> futures.add(producer.send(r)));
        producer.flush();
        for (var future : futures) {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not produce", e);
            }
        }
    }

    /** Reads {@code topic} from the beginning until {@code count} records match, or fails after {@code timeout}. */
    public static List<ConsumerRecord<String, byte[]>> await(String topic, int count, Duration timeout,
            Predicate<ConsumerRecord<String, byte[]>> filter) {
        List<ConsumerRecord<String, byte[]>> matched = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            while (matched.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("expected " + count + " matching records on " + topic + " within " + timeout
                            + " but saw " + matched.size());
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(record)) {
                        matched.add(record);
                    }
                }
            }
        }
        return matched;
    }

    public static List<ConsumerRecord<String, byte[]>> awaitKey(String topic, String key, int count, Duration timeout) {
        return await(topic, count, timeout, r -> key.equals(r.key()));
    }

    /** Everything on {@code topic} now, read until nothing arrives for {@code quiet} (see KafkaTestHelper). */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration quiet) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return KafkaTestHelper.readAll(consumer, topic, quiet);
        }
    }

    public static byte[] header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "signer-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
