package com.partnerplatform.webhook.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.WebhookCloudEventDeserializer;
import com.partnerplatform.events.webhook.WebhookCloudEvent;

/** Reads CloudEvents back from Kafka as a consumer would. */
public final class CloudEvents {

    private static final WebhookCloudEventDeserializer DESERIALIZER = new WebhookCloudEventDeserializer();

    private CloudEvents() {
    }

    public static WebhookCloudEvent read(ConsumerRecord<String, String> record) {
        return DESERIALIZER.deserialize(Topics.YCMT_WEBHOOK_EVENTS,
                record.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Consumer-side dedupe: CloudEvent id -> number of records carrying it, for the ids in {@code ids}. */
    public static Map<String, Long> countsById(List<ConsumerRecord<String, String>> records, Set<String> ids) {
        return records.stream().map(CloudEvents::read).map(WebhookCloudEvent::id).filter(ids::contains)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
