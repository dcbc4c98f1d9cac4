package com.partnerplatform.webhook.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.partnerplatform.webhook.testing.TestEvents;
import com.partnerplatform.webhook.testing.TestMaterial;
import com.partnerplatform.webhook.testing.TestSigner;
import com.partnerplatform.webhook.testing.WebhookClient;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Whatever the service logs while handling good and bad deliveries, no secret, signature or personal value is in it. */
@QuarkusTest
class NoSecretsInLogsTest {

    @TestHTTPResource("/webhooks/ycmt")
    URI endpoint;

    @Test
    void deliveriesGoodAndBadLeaveNoSecretSignatureOrPersonalDataInTheLogs() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringWriter text = new StringWriter();
                text.append(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object parameter : record.getParameters()) {
                        text.append(' ').append(String.valueOf(parameter));
                    }
                }
                if (record.getThrown() != null) {
                    record.getThrown().printStackTrace(new PrintWriter(text));
                }
                lines.add(text.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            String secret = TestMaterial.secrets().get(0);
            long now = Instant.now().getEpochSecond();
            byte[] body = TestEvents.transferStatusChanged("tr-" + UUID.randomUUID(), "PAID");
            Map<String, String> good = TestSigner.headers(secret, "msg_" + UUID.randomUUID(), now, body);
            Map<String, String> forged = new HashMap<>(TestSigner.headers(TestMaterial.FOREIGN_SECRET, "msg_" + UUID.randomUUID(), now, body));
            forged.put("Authorization", "Bearer planted-bearer-token-value");
            WebhookClient.post(endpoint, good, body);
            WebhookClient.post(endpoint, forged, body);
            WebhookClient.post(endpoint, TestSigner.headers(secret, "msg_" + UUID.randomUUID(), now - 3600, body), body);
            byte[] unreadable = "{\"type\":\"t\",\"iban\":\"DE89370400440532013000\",\"iban\":\"x\"}".getBytes();
            WebhookClient.post(endpoint, TestSigner.headers(secret, "msg_" + UUID.randomUUID(), now, unreadable), unreadable);

            org.jboss.logging.Logger.getLogger(WebhookIntake.class).info("capture-check");
            String all = String.join("\n", lines);
            assertThat(all).as("the capturing handler sees the service's log").contains("capture-check");
            for (String planted : List.of(secret.substring(6), TestMaterial.FOREIGN_SECRET.substring(6),
                    good.get("webhook-signature").substring(3), forged.get("webhook-signature").substring(3),
                    "planted-bearer-token-value", TestEvents.PLANTED_NAME, TestEvents.PLANTED_IBAN, TestEvents.PLANTED_EMAIL)) {
                assertThat(all).doesNotContain(planted);
            }
        } finally {
            root.removeHandler(capture);
        }
    }
}
