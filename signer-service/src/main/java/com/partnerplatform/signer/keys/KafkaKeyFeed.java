package com.partnerplatform.signer.keys;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.partnerplatform.events.Headers;
import com.partnerplatform.events.keys.PublicKeyEvent;
import com.partnerplatform.events.serde.JsonSerializer;
import com.partnerplatform.events.serde.PublicKeyEventDeserializer;

/**
 * The key feed on Kafka with plain clients, because its ordering matters more than throughput:
 * the compacted topic is created (before anything can auto-create it uncompacted), read from the
 * beginning to the end before the signer decides anything, then followed; every publication waits
 * for {@code acks=all}, so a key is on the feed before the key ring lets it sign.
 */
public final class KafkaKeyFeed implements KeyFeed, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaKeyFeed.class);

    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final Duration timeout;
    private final Map<String, PublicKeyEvent> latest = new ConcurrentHashMap<>();
    private final Set<String> tombstoned = ConcurrentHashMap.newKeySet();
    private final List<BiConsumer<String, PublicKeyEvent>> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final JsonSerializer<PublicKeyEvent> serializer = new JsonSerializer<>();
    private final PublicKeyEventDeserializer deserializer = new PublicKeyEventDeserializer();
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread reader;
    private volatile boolean running;
    private volatile Throwable readerFailure;

    /**
     * @param kafkaConfig the application's {@code kafka.*} configuration (bootstrap servers, security)
     */
    public KafkaKeyFeed(Map<String, Object> kafkaConfig, String topic, Duration timeout) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.topic = topic;
        this.timeout = timeout;
    }

    /** Creates the compacted topic if needed, then reads it to its end. */
    public KafkaKeyFeed start() {
        ensureCompactedTopic();
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        reader = new Thread(this::read, "signer-key-feed");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("could not read " + topic + " to its end within " + timeout
                        + (readerFailure == null ? "" : ": " + readerFailure));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + topic, e);
        }
        LOG.infof("key feed %s read: %d published key(s), %d tombstone(s)", topic, latest.size(), tombstoned.size());
        return this;
    }

    /** True once the feed was read to the end and the reader is still following it. */
    @Override
    public boolean healthy() {
        return caughtUp.getCount() == 0 && reader != null && reader.isAlive() && readerFailure == null;
    }

    @Override
    public Map<String, PublicKeyEvent> snapshot() {
        return Map.copyOf(latest);
    }

    @Override
    public Set<String> tombstoned() {
        return Set.copyOf(tombstoned);
    }

    @Override
    public void publish(PublicKeyEvent event) {
        send(event.kid(), serializer.serialize(topic, event));
        apply(event.kid(), event);
    }

    @Override
    public void tombstone(String kid) {
        send(kid, null);
        apply(kid, null);
    }

    @Override
    public void onChange(BiConsumer<String, PublicKeyEvent> listener) {
        listeners.add(listener);
    }

    private void send(String kid, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, kid, value);
        if (value != null) {
            record.headers().add(Headers.SCHEMA, PublicKeyEvent.SCHEMA.getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish key " + kid + " to " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgement for key " + kid + " on " + topic + " within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing key " + kid);
        }
    }

    private void apply(String kid, PublicKeyEvent event) {
        if (event == null) {
            latest.remove(kid);
            tombstoned.add(kid);
        } else {
            latest.put(kid, event);
            tombstoned.remove(kid);
        }
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    PublicKeyEvent event = decode(record);
                    if (event == null && record.value() != null) {
                        continue;
                    }
                    apply(record.key(), event);
                    if (caughtUp.getCount() == 0) {
                        listeners.forEach(l -> l.accept(record.key(), event));
                    }
                }
                if (caughtUp.getCount() > 0) {
                    end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
                    if (end.isEmpty()) {
                        caughtUp.countDown();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            readerFailure = e;
            LOG.errorf("key feed reader on %s stopped: %s", topic, e.toString());
        }
    }

    private PublicKeyEvent decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null || record.key() == null) {
            return null;
        }
        try {
            return deserializer.deserialize(topic, record.value());
        } catch (RuntimeException e) {
            LOG.warnf("ignoring unreadable record at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return null;
        }
    }

    private void ensureCompactedTopic() {
        try (Admin admin = Admin.create(adminConfig())) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.infof("created compacted topic %s", topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + topic + ": " + e.getCause(), e.getCause());
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(resource);
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                throw new IllegalStateException("topic " + topic + " exists with cleanup.policy=" + policy
                        + "; it must be compacted or published keys are deleted by retention");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not check topic " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topic " + topic, e);
        }
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((k, v) -> {
            if (!k.equals("acks") && !k.equals("enable.idempotence")) {
                config.put(k, v);
            }
        });
        config.put("client.id", "signer-key-feed-admin");
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = adminConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put("client.id", "signer-key-feed-producer");
        return config;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = adminConfig();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put("client.id", "signer-key-feed-reader");
        return config;
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
