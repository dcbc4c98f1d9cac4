package com.partnerplatform.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Topics;

class ChannelTopicsTest {

    @Test
    void everyChannelTopicIsTheEventSchemasConstant() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        }
        Map<String, String> expected = Map.of(
                "mp.messaging.incoming.signing-requests.topic", Topics.QUOTE_SIGNING_REQUESTS,
                "mp.messaging.outgoing.signing-replies.topic", Topics.QUOTE_SIGNING_REPLIES,
                "mp.messaging.outgoing.signing-dead-letter.topic", Topics.QUOTE_SIGNING_DEAD_LETTER,
                "mp.messaging.outgoing.signer-audit.topic", Topics.SIGNER_AUDIT,
                "%test.mp.messaging.outgoing.test-signing-requester.topic", Topics.QUOTE_SIGNING_REQUESTS,
                "%test.mp.messaging.outgoing.test-signing-requester.reply.topic", Topics.QUOTE_SIGNING_REPLIES,
                "signer.reply.allowed-topics", Topics.QUOTE_SIGNING_REPLIES);
        expected.forEach((key, topic) -> assertThat(properties.getProperty(key)).as(key).isEqualTo(topic));
        assertThat(properties.stringPropertyNames()).filteredOn(k -> k.endsWith(".topic"))
                .as("every channel topic is checked").allMatch(expected::containsKey);
    }
}
