package com.partnerplatform.webhook.publishing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.Config;

import com.partnerplatform.events.CloudEventTypes;
import com.partnerplatform.events.Headers;
import com.partnerplatform.events.webhook.WebhookCloudEvent;
import com.partnerplatform.webhook.minimisation.MinimisedEvent;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;

/**
 * Hands accepted events to Kafka as CloudEvents (structured JSON) on {@code ycmt.webhook.events},
 * keyed by the resource id so that one transfer's events stay in order. The returned future
 * completes only when the broker acknowledged the record with {@code acks=all}.
 * <p>
 * A plain idempotent {@link KafkaProducer} whose send callback completes the future: this is the hot
 * path, and the messaging emitter cost about as much CPU per record as the rest of the pipeline
 * (message, metadata and context capture per record, a thread hop each way). It is configured by
 * the same properties as before, {@code kafka.*} and {@code mp.messaging.outgoing.ycmt-webhook-events.*}.
 * {@code send} runs on one dedicated thread, because it blocks up to {@code max.block.ms} while the
 * broker is unreachable and must never block an event loop; the callback runs on the producer's I/O thread.
 */
@ApplicationScoped
public class WebhookEventPublisher {

    static final String CHANNEL = "ycmt-webhook-events";
    static final String CHANNEL_PREFIX = "mp.messaging.outgoing." + CHANNEL + ".";
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    private static final byte[] SCHEMA = WebhookCloudEvent.SCHEMA.getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTENT_TYPE_BYTES = CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

    private final KafkaProducer<String, Object> producer;
    private final String topic;
    private final OpenTelemetry telemetry;
    /**
     * Sends not yet handed to the producer. Bounded: while the broker is unreachable each send blocks for
     * {@code max.block.ms}, and a sender retrying every 503 must not grow the queue without limit; a full
     * queue fails the delivery at once (503, nothing accepted).
     */
    static final int MAX_QUEUED_SENDS = 4096;

    private final ExecutorService sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED_SENDS), task -> {
                Thread thread = new Thread(task, "webhook-kafka-sender");
                thread.setDaemon(true);
                return thread;
            });

    public WebhookEventPublisher(Config config, OpenTelemetry telemetry) {
        this.topic = config.getValue(CHANNEL_PREFIX + "topic", String.class);
        this.telemetry = telemetry;
        this.producer = new KafkaProducer<>(producerProperties(config));
    }

    /** {@code kafka.*} (shared) overridden by the channel's own properties, as the messaging connector merged them. */
    static Map<String, Object> producerProperties(Config config) {
        Map<String, Object> properties = new HashMap<>();
        for (String prefix : new String[] { "kafka.", CHANNEL_PREFIX }) {
            for (String name : config.getPropertyNames()) {
                if (name.startsWith(prefix)) {
                    String key = name.substring(prefix.length());
                    // Kafka client settings are dotted (linger.ms) or acks/retries; channel attributes (topic, connector) are not
                    if (key.contains(".") || key.equals("acks") || key.equals("retries")) {
                        config.getOptionalValue(name, String.class).ifPresent(value -> properties.put(key, value));
                    }
                }
            }
        }
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "kafka-producer-" + CHANNEL);
        properties.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        properties.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return properties;
    }

    /**
     * The CloudEvent for a verified delivery. It depends only on what every retry of the delivery
     * shares (id, body, first receipt), so a re-publication is the same CloudEvent.
     */
    public static WebhookCloudEvent cloudEvent(String deliveryId, MinimisedEvent event, Instant firstReceivedAt) {
        return new WebhookCloudEvent(CloudEventTypes.SPEC_VERSION, deliveryId, CloudEventTypes.YCMT_WEBHOOK_SOURCE,
                CloudEventTypes.ycmtWebhook(event.type()), event.resourceId() == null ? deliveryId : event.resourceId(),
                event.occurredAt() == null ? firstReceivedAt : event.occurredAt(), "application/json", event.data());
    }

    /**
     * Publishes and completes on the broker's acknowledgement; fails when the broker did not take it.
     *
     * @param trace the request's trace context (captured on the request's thread), propagated as {@code traceparent}
     */
    public CompletableFuture<Void> publish(WebhookCloudEvent event, String correlationId, Context trace) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.SCHEMA, SCHEMA);
        headers.add("content-type", CONTENT_TYPE_BYTES);
        telemetry.getPropagators().getTextMapPropagator().inject(trace, headers,
                (carrier, name, value) -> carrier.remove(name).add(name, value.getBytes(StandardCharsets.UTF_8)));
        ProducerRecord<String, Object> record = new ProducerRecord<>(topic, null, event.subject(), event, headers);
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            sender.execute(() -> {
                try {
                    producer.send(record, (metadata, failure) -> {
                        if (failure == null) {
                            acknowledged.complete(null);
                        } else {
                            acknowledged.completeExceptionally(failure);
                        }
                    });
                } catch (RuntimeException e) {
                    acknowledged.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }

    @PreDestroy
    void close() {
        sender.shutdown();
        producer.close(Duration.ofSeconds(5));
    }
}
