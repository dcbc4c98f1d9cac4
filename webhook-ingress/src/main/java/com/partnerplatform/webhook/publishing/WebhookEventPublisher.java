package com.partnerplatform.webhook.publishing;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.partnerplatform.events.CloudEventTypes;
import com.partnerplatform.events.webhook.WebhookCloudEvent;
import com.partnerplatform.webhook.minimisation.MinimisedEvent;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Hands accepted events to Kafka as CloudEvents (structured JSON) on {@code ycmt.webhook.events},
 * keyed by the resource id so that one transfer's events stay in order. The returned Uni
 * completes only when the broker acknowledged the record with {@code acks=all}.
 */
@ApplicationScoped
public class WebhookEventPublisher {

    static final String CHANNEL = "ycmt-webhook-events";
    static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private final MutinyEmitter<WebhookCloudEvent> emitter;

    public WebhookEventPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
            MutinyEmitter<WebhookCloudEvent> emitter) {
        this.emitter = emitter;
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

    /** Publishes and completes on the broker's acknowledgement; fails when the broker did not take it. */
    public Uni<Void> publish(WebhookCloudEvent event, String correlationId) {
        Message<WebhookCloudEvent> message = Message.of(event)
                .addMetadata(KafkaHeaders.metadata(event.subject(), correlationId, WebhookCloudEvent.SCHEMA, CONTENT_TYPE));
        return emitter.sendMessage(message);
    }
}
