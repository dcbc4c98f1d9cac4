package com.partnerplatform.signer.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Headers;
import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.SigningReplyDeserializer;
import com.partnerplatform.events.signing.SigningOutcome;
import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.events.signing.SigningRequest;
import com.partnerplatform.signer.KafkaRecords;
import com.partnerplatform.signer.PublishedKeys;
import com.partnerplatform.signer.Quotes;
import com.partnerplatform.signer.TestSigningRequester;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;

/** The request/reply contract with quote-service, over the real broker. */
@QuarkusTest
class SigningRequestReplyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    TestSigningRequester requester;

    private static SigningReply reply(ConsumerRecord<String, byte[]> record) {
        return new SigningReplyDeserializer().deserialize(Topics.QUOTE_SIGNING_REPLIES, record.value());
    }

    @Test
    void aKafkaRequestReplyRequesterReceivesTheSignedQuoteOnItsPartitionUnderItsCorrelationId() {
        SigningRequest request = Quotes.request(Quotes.claims(Quotes.newQuoteId()));

        Message<SigningReply> message = requester.request(request).await().atMost(WAIT);

        SigningReply reply = message.getPayload();
        assertThat(reply.outcome()).isEqualTo(SigningOutcome.SIGNED);
        assertThat(reply.quoteId()).isEqualTo(request.quoteId());
        assertThat(reply.correlationId()).isEqualTo(request.correlationId());
        assertThat(PublishedKeys.verify(reply.jws(), reply.kid()).ok()).isTrue();

        IncomingKafkaRecordMetadata<?, ?> metadata = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        assertThat(metadata.getTopic()).isEqualTo(Topics.QUOTE_SIGNING_REPLIES);
        assertThat(metadata.getPartition()).as("the partition the requester pinned").isEqualTo(1);
        ConsumerRecord<String, byte[]> sent = KafkaRecords.awaitKey(Topics.QUOTE_SIGNING_REQUESTS, request.quoteId(), 1, WAIT).get(0);
        byte[] requestCorrelation = KafkaRecords.header(sent, KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER);
        assertThat(requestCorrelation).isNotNull();
        assertThat(metadata.getHeaders().lastHeader(KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER).value())
                .containsExactly(requestCorrelation);
        assertThat(metadata.getHeaders().lastHeader(KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER)).isNull();
    }

    @Test
    void aRawRequestIsAnsweredOnTheNamedPartitionWithItsCorrelationBytesCopiedButNotItsTraceparent() {
        String quoteId = Quotes.newQuoteId();
        byte[] correlation = new byte[16];
        new SecureRandom().nextBytes(correlation);
        correlation[0] = 0;
        correlation[1] = (byte) 0xff;
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        KafkaRecords.produce(Topics.QUOTE_SIGNING_REQUESTS, quoteId,
                Quotes.json(Quotes.request(Quotes.claims(quoteId))).getBytes(StandardCharsets.UTF_8), Map.of(
                        KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER, correlation,
                        KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER, Topics.QUOTE_SIGNING_REPLIES.getBytes(StandardCharsets.UTF_8),
                        KafkaRequestReply.DEFAULT_REPLY_PARTITION_HEADER, KafkaRequestReply.replyPartitionToBytes(2),
                        Headers.CORRELATION_ID, "corr-raw-1".getBytes(StandardCharsets.UTF_8),
                        Headers.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8),
                        "tracestate", "vendor=opaque".getBytes(StandardCharsets.UTF_8)));

        ConsumerRecord<String, byte[]> record = KafkaRecords.awaitKey(Topics.QUOTE_SIGNING_REPLIES, quoteId, 1, WAIT).get(0);

        assertThat(record.partition()).isEqualTo(2);
        assertThat(KafkaRecords.header(record, KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER)).containsExactly(correlation);
        assertThat(new String(KafkaRecords.header(record, Headers.CORRELATION_ID), StandardCharsets.UTF_8)).isEqualTo("corr-raw-1");
        // the reply's trace context names the signer's own producer span (written by the Kafka sink when
        // tracing is on), never the requester's span copied over: that would skip the signer in the trace
        byte[] replyTraceparent = KafkaRecords.header(record, Headers.TRACEPARENT);
        assertThat(replyTraceparent == null ? null : new String(replyTraceparent, StandardCharsets.UTF_8)).isNotEqualTo(traceparent);
        assertThat(new String(KafkaRecords.header(record, Headers.SCHEMA), StandardCharsets.UTF_8)).isEqualTo(SigningReply.SCHEMA);
        assertThat(KafkaRecords.header(record, KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER)).isNull();
        SigningReply reply = reply(record);
        assertThat(reply.outcome()).isEqualTo(SigningOutcome.SIGNED);
        assertThat(reply.correlationId()).isEqualTo("corr-raw-1");
    }

    @Test
    void aRequestWithoutReplyHeadersIsAnsweredOnTheRepliesTopicKeyedByQuoteId() {
        String quoteId = Quotes.newQuoteId();
        KafkaRecords.produce(Topics.QUOTE_SIGNING_REQUESTS, quoteId,
                Quotes.json(Quotes.request(Quotes.claims(quoteId))).getBytes(StandardCharsets.UTF_8), Map.of());

        ConsumerRecord<String, byte[]> record = KafkaRecords.awaitKey(Topics.QUOTE_SIGNING_REPLIES, quoteId, 1, WAIT).get(0);

        assertThat(reply(record).outcome()).isEqualTo(SigningOutcome.SIGNED);
        assertThat(KafkaRecords.header(record, KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER)).isNull();
    }

    @Test
    void aReplyTopicOutsideTheAllowListIsNeverWrittenTo() {
        String quoteId = Quotes.newQuoteId();
        KafkaRecords.produce(Topics.QUOTE_SIGNING_REQUESTS, quoteId,
                Quotes.json(Quotes.request(Quotes.claims(quoteId))).getBytes(StandardCharsets.UTF_8), Map.of(
                        KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER, new byte[] {1, 2, 3},
                        KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER, Topics.SIGNER_PUBLIC_KEYS.getBytes(StandardCharsets.UTF_8)));

        ConsumerRecord<String, byte[]> record = KafkaRecords.awaitKey(Topics.QUOTE_SIGNING_REPLIES, quoteId, 1, WAIT).get(0);

        assertThat(reply(record).outcome()).isEqualTo(SigningOutcome.SIGNED);
        List<ConsumerRecord<String, byte[]>> keyFeed = KafkaRecords.readAll(Topics.SIGNER_PUBLIC_KEYS, Duration.ofSeconds(1));
        assertThat(keyFeed).extracting(ConsumerRecord::key).doesNotContain(quoteId);
    }
}
