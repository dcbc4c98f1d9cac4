package com.partnerplatform.quote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Topics;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Messaging configuration: topics are the event-schemas constants, tracing follows the OTel switch. */
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
                "mp.messaging.incoming.signing-replies.topic", Topics.QUOTE_SIGNING_REPLIES,
                "mp.messaging.incoming.signer-keys.topic", Topics.SIGNER_PUBLIC_KEYS,
                "mp.messaging.outgoing.quote-events.topic", Topics.QUOTE_EVENTS,
                "mp.messaging.incoming.fx-rates.topic", Topics.PRICING_FX_RATES,
                "mp.messaging.outgoing.fx-rates-out.topic", Topics.PRICING_FX_RATES));
    }

    @Test
    void kafkaRecordTracingIsOnExactlyWhenTheOpenTelemetrySdkIsOn() throws IOException {
        assertThat(kafkaTracing(null)).as("production default: SDK on").isTrue();
        assertThat(kafkaTracing("false")).isTrue();
        assertThat(kafkaTracing("true")).isFalse();
    }

    private static boolean kafkaTracing(String sdkDisabled) throws IOException {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(ChannelTopicsTest.class.getResource("/application.properties"), 100));
        if (sdkDisabled != null) {
            builder.withSources(new PropertiesConfigSource(Map.of("quarkus.otel.sdk.disabled", sdkDisabled), "test", 200));
        }
        SmallRyeConfig config = builder.build();
        return config.getValue("mp.messaging.connector.smallrye-kafka.tracing-enabled", Boolean.class);
    }
}
