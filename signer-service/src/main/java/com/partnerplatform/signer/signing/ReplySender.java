package com.partnerplatform.signer.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.signer.SignerConfig;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends replies where the request asked for them ({@link ReplyRoute}), keyed by quote id, with the
 * requester's correlation id bytes copied verbatim and X-Correlation-Id. The reply's producer span
 * is a child of the request's consumer span ({@link RequestTrace}); the Kafka sink writes its W3C
 * trace context (traceparent) itself. The reply never carries a reply-topic header:
 * KafkaRequestReply ignores records that have one.
 */
@ApplicationScoped
public class ReplySender {

    private final MutinyEmitter<SigningReply> replies;
    private final MutinyEmitter<byte[]> deadLetters;
    private final String correlationHeader;

    public ReplySender(
            @Channel("signing-replies") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<SigningReply> replies,
            @Channel("signing-dead-letter") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
            MutinyEmitter<byte[]> deadLetters,
            SignerConfig config) {
        this.replies = replies;
        this.deadLetters = deadLetters;
        this.correlationHeader = config.reply().correlationIdHeader();
    }

    /** The Uni completes when the broker acknowledged the reply. */
    public Uni<Void> reply(SigningReply reply, ReplyRoute route, RequestTrace trace) {
        List<RecordHeader> headers = new ArrayList<>();
        if (route.correlationId() != null) {
            headers.add(new RecordHeader(correlationHeader, route.correlationId()));
        }
        headers.add(new RecordHeader(com.partnerplatform.events.Headers.CORRELATION_ID,
                reply.correlationId().getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader(com.partnerplatform.events.Headers.SCHEMA,
                SigningReply.SCHEMA.getBytes(StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata = OutgoingKafkaRecordMetadata
                .<String>builder().withTopic(route.topic()).withKey(reply.quoteId()).withHeaders(headers);
        if (route.partition() >= 0) {
            metadata.withPartition(route.partition());
        }
        return replies.sendMessage(trace.parent(Message.of(reply).addMetadata(metadata.build())));
    }

    /**
     * Parks an unreadable request on the dead-letter topic: original key, value and headers, plus
     * where it came from and why (the exception type and rule, never the content).
     */
    public Uni<Void> deadLetter(String key, byte[] value, Headers requestHeaders, String topic, int partition, long offset,
            String reason, RequestTrace trace) {
        List<RecordHeader> headers = new ArrayList<>();
        for (Header header : requestHeaders) {
            headers.add(new RecordHeader(header.key(), header.value() == null ? null : header.value().clone()));
        }
        headers.add(new RecordHeader("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("dead-letter-topic", topic.getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("dead-letter-partition", Integer.toString(partition).getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("dead-letter-offset", Long.toString(offset).getBytes(StandardCharsets.UTF_8)));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build();
        return deadLetters.sendMessage(trace.parent(Message.of(value == null ? new byte[0] : value).addMetadata(metadata)));
    }
}
