package com.partnerplatform.ygg.audit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import com.partnerplatform.events.Headers;
import com.partnerplatform.events.serde.JsonSerializer;
import com.partnerplatform.events.ygg.YggAuditRecord;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes one {@link YggAuditRecord} per request on {@code ygg.redeem.audit}, keyed by request id, off the
 * request path: {@link #publish} only offers the record to a bounded queue (never blocks, never throws); one
 * publisher thread hands the records to a plain {@link KafkaProducer} (batched by {@code linger.ms}, acks and
 * idempotence as configured under {@code ygg-audit.kafka.*}). A send may block that thread (metadata unknown,
 * producer buffer full), never an event loop.
 *
 * <p>While the broker is away the producer keeps the records and retries them; a record is delivered if the
 * broker is back within {@code delivery.timeout.ms}. Every record that is not delivered is counted in
 * {@code ygg.audit.publish.failures}: {@code reason=not-queued} when the queue was full,
 * {@code reason=not-acknowledged} when the producer gave up on it. So: delivered or counted, never silently lost
 * (a process crash loses what was still queued, as with any asynchronous trail).
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    /** Producer settings: every property under this prefix, prefix removed. */
    static final String KAFKA_PREFIX = "ygg-audit.kafka.";
    private static final byte[] SCHEMA = YggAuditRecord.SCHEMA.getBytes(StandardCharsets.UTF_8);
    /** How long the publisher rests when the queue is empty; small against linger.ms (20 ms). */
    private static final long PUBLISH_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final String topic;
    private final Producer<String, YggAuditRecord> producer;
    private final BlockingQueue<YggAuditRecord> queue;
    private final Counter rejected;
    private final Counter overflowed;
    private final Thread publisher;
    private volatile boolean closing;

    @Inject
    public AuditTrail(Config config, MeterRegistry registry) {
        this(config.getValue("ygg-audit.topic", String.class), new KafkaProducer<>(producerProperties(config),
                new StringSerializer(), new JsonSerializer<>()), config.getValue("ygg-audit.queue-size", Integer.class),
                registry);
    }

    public AuditTrail(String topic, Producer<String, YggAuditRecord> producer, int queueSize, MeterRegistry registry) {
        this.topic = topic;
        this.producer = producer;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.rejected = Counter.builder("ygg.audit.publish.failures").tag("reason", "not-acknowledged")
                .description("audit records the broker did not take").register(registry);
        this.overflowed = Counter.builder("ygg.audit.publish.failures").tag("reason", "not-queued")
                .description("audit records dropped before reaching the producer").register(registry);
        Gauge.builder("ygg.audit.queue.size", queue, BlockingQueue::size)
                .description("audit records waiting for the producer").register(registry);
        this.publisher = new Thread(this::drain, "ygg-audit-publisher");
        publisher.setDaemon(true);
        publisher.start();
    }

    static Properties producerProperties(Config config) {
        Properties properties = new Properties();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(KAFKA_PREFIX)) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> properties.put(name.substring(KAFKA_PREFIX.length()), value));
            }
        }
        return properties;
    }

    /** Queues the record for Kafka; the caller never waits. A record that does not fit is counted. */
    public void publish(YggAuditRecord record) {
        if (closing || !queue.offer(record)) {
            overflowed.increment();
        }
    }

    /**
     * Takes what has queued up every {@link #PUBLISH_PAUSE_NANOS} instead of waiting on the queue: a waiting
     * consumer would have to be woken (a futex call and a context switch on a core the event loops need) for
     * every request at moderate rates, and the producer holds records for {@code linger.ms} anyway.
     */
    private void drain() {
        List<YggAuditRecord> batch = new ArrayList<>(512);
        while (true) {
            boolean last = closing; // read before draining: a record queued before closing is still sent
            queue.drainTo(batch, 512);
            for (YggAuditRecord record : batch) {
                send(record);
            }
            boolean drainedAll = batch.size() < 512;
            batch.clear();
            if (last && queue.isEmpty()) {
                return;
            }
            if (drainedAll) {
                LockSupport.parkNanos(PUBLISH_PAUSE_NANOS);
            }
        }
    }

    private void send(YggAuditRecord record) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.SCHEMA, SCHEMA);
        if (record.correlationId() != null) {
            headers.add(Headers.CORRELATION_ID, record.correlationId().getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer.send(new ProducerRecord<>(topic, null, record.requestId(), record, headers), (metadata, failure) -> {
                if (failure != null) {
                    notAcknowledged(failure);
                }
            });
        } catch (RuntimeException e) { // metadata not available within max.block.ms, serialization...
            notAcknowledged(e);
        }
    }

    private void notAcknowledged(Throwable failure) {
        rejected.increment();
        LOG.debugf("audit record not acknowledged: %s", failure.getClass().getSimpleName());
    }

    /** Records not delivered so far (not queued or not acknowledged). */
    public double failures() {
        return rejected.count() + overflowed.count();
    }

    /** Sends what is queued and waits for the producer to deliver it, up to {@code timeout}. */
    @PreDestroy
    void close() {
        closeWithin(Duration.ofSeconds(10));
    }

    void closeWithin(Duration timeout) {
        closing = true;
        try {
            publisher.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(timeout);
    }
}
