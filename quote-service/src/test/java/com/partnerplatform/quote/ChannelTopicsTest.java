package com.partnerplatform.quote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Topics;

/** Every channel's topic in application.properties is the event-schemas constant, spelled once. */
class ChannelTopicsTest {

    @Test
    void everyChannelTopicIsTheEventSchemasConstant() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        Map<String, String> topics = new TreeMap<>();
        properties.stringPropertyNames().stream()
                .filter(name -> name.startsWith("mp.messaging.") && (name.endsWith(".topic")))
                .forEach(name -> topics.put(name, properties.getProperty(name)));

        assertThat(topics).containsExactlyInAnyOrderEntriesOf(Map.of(
                "mp.messaging.outgoing.signing-requests.topic", Topics.QUOTE_SIGNING_REQUESTS,
                "mp.messaging.outgoing.signing-requests.reply.topic", Topics.QUOTE_SIGNING_REPLIES,
                "mp.messaging.incoming.signing-replies.topic", Topics.QUOTE_SIGNING_REPLIES,
                "mp.messaging.incoming.signer-keys.topic", Topics.SIGNER_PUBLIC_KEYS,
                "mp.messaging.outgoing.quote-events.topic", Topics.QUOTE_EVENTS,
                "mp.messaging.incoming.fx-rates.topic", Topics.PRICING_FX_RATES,
                "mp.messaging.outgoing.fx-rates-out.topic", Topics.PRICING_FX_RATES));
    }
}
