package com.partnerplatform.webhook.publishing;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;

import com.partnerplatform.events.Headers;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Kafka record metadata shared by this service's producers: key, correlation id, schema. */
public final class KafkaHeaders {

    private KafkaHeaders() {
    }

    /**
     * @param key the record key, null to let the partitioner spread records
     * @param correlationId the request's correlation id
     * @param schema the value's schema name and version
     * @param contentType the value's media type
     */
    public static OutgoingKafkaRecordMetadata<String> metadata(String key, String correlationId, String schema,
            String contentType) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        headers.add(Headers.SCHEMA, schema.getBytes(StandardCharsets.UTF_8));
        headers.add("content-type", contentType.getBytes(StandardCharsets.UTF_8));
        return OutgoingKafkaRecordMetadata.<String> builder().withKey(key).withHeaders(headers).build();
    }
}
