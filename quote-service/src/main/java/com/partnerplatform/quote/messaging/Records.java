package com.partnerplatform.quote.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.partnerplatform.events.Headers;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Outgoing Kafka records the platform way: keyed, with the schema and correlation id headers. */
public final class Records {

    private Records() {
    }

    public static <T> Message<T> keyed(String key, T value, String schema, String correlationId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Headers.SCHEMA, schema.getBytes(StandardCharsets.UTF_8));
        if (correlationId != null) {
            headers.add(Headers.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        }
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build());
    }
}
