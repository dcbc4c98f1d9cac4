package com.partnerplatform.signer.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Topics;

import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;

class ReplyRouteTest {

    private static final ReplyRoute.HeaderNames NAMES = new ReplyRoute.HeaderNames(
            KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER, KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER,
            KafkaRequestReply.DEFAULT_REPLY_PARTITION_HEADER);
    private static final List<String> ALLOWED = List.of(Topics.QUOTE_SIGNING_REPLIES);

    @Test
    void theTopicAndPartitionComeFromKafkaRequestReplysHeaders() {
        byte[] correlation = {0, 1, 2, (byte) 0xff};
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER, correlation);
        headers.add(KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER, Topics.QUOTE_SIGNING_REPLIES.getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaRequestReply.DEFAULT_REPLY_PARTITION_HEADER, KafkaRequestReply.replyPartitionToBytes(2));

        ReplyRoute route = ReplyRoute.of(headers, NAMES, ALLOWED);

        assertThat(route.topic()).isEqualTo(Topics.QUOTE_SIGNING_REPLIES);
        assertThat(route.partition()).isEqualTo(2);
        assertThat(route.correlationId()).containsExactly(correlation);
        assertThat(route.hasRequester()).isTrue();
    }

    @Test
    void withoutAPartitionHeaderTheKeyChoosesThePartition() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER, Topics.QUOTE_SIGNING_REPLIES.getBytes(StandardCharsets.UTF_8));
        assertThat(ReplyRoute.of(headers, NAMES, ALLOWED).partition()).isEqualTo(-1);
    }

    @Test
    void withoutHeadersTheReplyGoesToTheRepliesTopic() {
        ReplyRoute route = ReplyRoute.of(new RecordHeaders(), NAMES, ALLOWED);
        assertThat(route.topic()).isEqualTo(Topics.QUOTE_SIGNING_REPLIES);
        assertThat(route.partition()).isEqualTo(-1);
        assertThat(route.hasRequester()).isFalse();
    }

    @Test
    void aReplyTopicOutsideTheAllowListFallsBackAndIsReported() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER, Topics.SIGNER_PUBLIC_KEYS.getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaRequestReply.DEFAULT_REPLY_PARTITION_HEADER, KafkaRequestReply.replyPartitionToBytes(0));
        ReplyRoute route = ReplyRoute.of(headers, NAMES, ALLOWED);
        assertThat(route.topic()).isEqualTo(Topics.QUOTE_SIGNING_REPLIES);
        assertThat(route.partition()).isEqualTo(-1);
        assertThat(route.refusedTopic()).isEqualTo(Topics.SIGNER_PUBLIC_KEYS);
    }

    @Test
    void aMalformedPartitionHeaderIsIgnored() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER, Topics.QUOTE_SIGNING_REPLIES.getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaRequestReply.DEFAULT_REPLY_PARTITION_HEADER, "2".getBytes(StandardCharsets.UTF_8));
        assertThat(ReplyRoute.of(headers, NAMES, ALLOWED).partition()).isEqualTo(-1);
    }
}
