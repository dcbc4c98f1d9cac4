package com.partnerplatform.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Topics;

import io.quarkus.test.junit.QuarkusTest;

/** application.properties repeats topic names; they must be event-schemas' own. */
@QuarkusTest
class ChannelTopicsTest {

    @Test
    void theChannelsWriteToTheTopicsEventSchemasNames() {
        assertThat(topic("ycmt-webhook-events")).isEqualTo(Topics.YCMT_WEBHOOK_EVENTS);
        assertThat(topic("ycmt-webhook-quarantine")).isEqualTo(Topics.YCMT_WEBHOOK_QUARANTINE);
    }

    @Test
    void bothProducersAreIdempotentAndWaitForAllReplicas() {
        for (String channel : new String[] { "ycmt-webhook-events", "ycmt-webhook-quarantine" }) {
            assertThat(value("mp.messaging.outgoing." + channel + ".acks")).isEqualTo("all");
            assertThat(value("mp.messaging.outgoing." + channel + ".enable.idempotence")).isEqualTo("true");
        }
    }

    private static String topic(String channel) {
        return value("mp.messaging.outgoing." + channel + ".topic");
    }

    private static String value(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
