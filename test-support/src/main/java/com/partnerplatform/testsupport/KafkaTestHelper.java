package com.partnerplatform.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces, consumes and waits for records on a real broker, for assertions in tests. */
public final class KafkaTestHelper implements AutoCloseable {

    private final String bootstrapServers;
    private KafkaProducer<String, String> producer;

    public KafkaTestHelper(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A helper on the shared test broker. */
    public static KafkaTestHelper onSharedBroker() {
        return new KafkaTestHelper(KafkaBroker.bootstrapServers());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topic unless it exists; {@code compacted} sets {@code cleanup.policy=compact}. */
    public void createTopic(String topic, int partitions, boolean compacted) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            NewTopic newTopic = new NewTopic(topic, partitions, (short) 1);
            if (compacted) {
                newTopic.configs(Map.of("cleanup.policy", "compact"));
            }
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + topic, e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + topic, e);
        }
    }

    /** Sends one record (value may be null: a tombstone) and waits for the broker's acknowledgement. */
    public RecordMetadata produce(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, headerValue) -> record.headers().add(name, headerValue.getBytes(StandardCharsets.UTF_8)));
        try {
            return producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    public RecordMetadata produce(String topic, String key, String value) {
        return produce(topic, key, value, Map.of());
    }

    /**
     * Reads {@code topic} from the beginning until {@code count} records match {@code filter}, or
     * fails after {@code timeout}. Returns the matching records in partition-then-offset order of arrival.
     */
    public List<ConsumerRecord<String, String>> awaitRecords(String topic, int count, Duration timeout,
            Predicate<ConsumerRecord<String, String>> filter) {
        List<ConsumerRecord<String, String>> matched = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = newConsumer()) {
            consumer.subscribe(List.of(topic));
            while (matched.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("expected " + count + " matching records on " + topic + " within "
                            + timeout + " but saw " + matched.size());
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(record)) {
                        matched.add(record);
                    }
                }
            }
        }
        return matched;
    }

    public List<ConsumerRecord<String, String>> awaitRecords(String topic, int count, Duration timeout) {
        return awaitRecords(topic, count, timeout, record -> true);
    }

    /**
     * Everything on {@code topic} now: reads from the beginning until no record arrives for
     * {@code quietPeriod}. For asserting that something was NOT published.
     */
    public List<ConsumerRecord<String, String>> readAll(String topic, Duration quietPeriod) {
        try (KafkaConsumer<String, String> consumer = newConsumer()) {
            return readAll(consumer, topic, quietPeriod);
        }
    }

    /**
     * Everything on {@code topic} now, read with {@code consumer}: from the beginning up to the end offsets
     * of the moment of the call, then until no record arrives for {@code quietPeriod}. Assigned, not
     * subscribed, and the quiet period counts only once the end offsets are reached: on a loaded machine a
     * group join or the first fetch can outlast it, and the read would come back short.
     */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(KafkaConsumer<K, V> consumer, String topic, Duration quietPeriod) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long quietSince = System.nanoTime();
        while (true) {
            boolean behind = end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue());
            if (!behind && System.nanoTime() - quietSince >= quietPeriod.toNanos()) {
                return records;
            }
            if (behind && System.nanoTime() > deadline) {
                throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within 30 s");
            }
            var batch = consumer.poll(Duration.ofMillis(200));
            if (!batch.isEmpty()) {
                batch.forEach(records::add);
                quietSince = System.nanoTime();
            }
        }
    }

    /** The value of a header as UTF-8 text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, String> newConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-helper-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
