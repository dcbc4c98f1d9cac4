package com.partnerplatform.signer.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import com.partnerplatform.events.Topics;

/**
 * Where the reply to one request goes, read from the headers SmallRye's KafkaRequestReply writes
 * on each request: the correlation id (opaque bytes, copied back verbatim), the reply topic (UTF-8
 * text) and, when the requester pins one, the reply partition (4-byte big-endian int, see
 * KafkaRequestReply.replyPartitionToBytes). A topic that is not allowed - a request could
 * otherwise make the signer write into any topic, the key feed included - or a missing header
 * falls back to quote.signing.replies, keyed by quote id.
 *
 * @param topic the reply topic
 * @param partition the reply partition, or -1 to let the key (quote id) choose
 * @param correlationId the requester's correlation id bytes, or null
 * @param refusedTopic the reply topic the request named but is not allowed, or null
 */
public record ReplyRoute(String topic, int partition, byte[] correlationId, String refusedTopic) {

    /** Header names; defaults are KafkaRequestReply's DEFAULT_REPLY_*_HEADER constants. */
    public record HeaderNames(String correlationId, String topic, String partition) {
    }

    public static ReplyRoute of(Headers headers, HeaderNames names, List<String> allowedTopics) {
        byte[] correlation = value(headers, names.correlationId());
        byte[] topicBytes = value(headers, names.topic());
        if (topicBytes == null) {
            return new ReplyRoute(Topics.QUOTE_SIGNING_REPLIES, -1, correlation, null);
        }
        String topic = new String(topicBytes, StandardCharsets.UTF_8);
        if (!allowedTopics.contains(topic)) {
            return new ReplyRoute(Topics.QUOTE_SIGNING_REPLIES, -1, correlation, topic);
        }
        byte[] partitionBytes = value(headers, names.partition());
        int partition = -1;
        if (partitionBytes != null && partitionBytes.length == Integer.BYTES) {
            partition = Math.max(-1, ByteBuffer.wrap(partitionBytes).getInt());
        }
        return new ReplyRoute(topic, partition, correlation, null);
    }

    /** True when the requester can match the reply: it sent a correlation id. */
    public boolean hasRequester() {
        return correlationId != null;
    }

    private static byte[] value(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : header.value().clone();
    }
}
