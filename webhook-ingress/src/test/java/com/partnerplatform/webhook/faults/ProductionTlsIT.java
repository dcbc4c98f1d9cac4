package com.partnerplatform.webhook.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import com.partnerplatform.testsupport.KafkaBroker;
import com.partnerplatform.testsupport.Ports;
import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.testsupport.SelfSignedCertificate;
import com.partnerplatform.webhook.testing.ServiceProcess;
import com.partnerplatform.webhook.testing.TestEvents;
import com.partnerplatform.webhook.testing.TestSigner;

/** The packaged service in the prod profile: HTTPS with the mounted certificate, no plain HTTP at all. */
class ProductionTlsIT {

    private static final String SECRET = "whsec_cHJvZC10bHMtdGVzdC1vbmx5LXNlY3JldC0zMmI=";

    @Test
    void theProdProfileServesWebhooksOverHttpsOnlyWithTheMountedCertificate() throws Exception {
        Path dir = Files.createTempDirectory("webhook-tls");
        SelfSignedCertificate certificate = SelfSignedCertificate.forLocalhost(dir);
        SSLContext trustingTestCertificate = trusting(certificate.certificate());
        HttpClient https = HttpClient.newBuilder().sslContext(trustingTestCertificate).connectTimeout(Duration.ofSeconds(2)).build();
        int httpsPort = Ports.freePort();
        int httpPort = Ports.freePort();
        Map<String, String> env = new HashMap<>(ServiceProcess.environment(KafkaBroker.bootstrapServers(),
                PostgresServer.sharedSettings(), SECRET));
        env.put("WEBHOOK_TLS_CERT_FILE", certificate.certificate().toString());
        env.put("WEBHOOK_TLS_KEY_FILE", certificate.key().toString());
        env.put("WEBHOOK_HTTPS_PORT", String.valueOf(httpsPort));
        URI base = URI.create("https://127.0.0.1:" + httpsPort);

        try (ServiceProcess service = new ServiceProcess(ServiceProcess.packagedJar(), "prod", httpPort,
                base.resolve("/q/health/ready"), https, env, dir.resolve("service.log"), List.of("-Xmx256m"))) {
            service.start(Duration.ofSeconds(90));

            String id = "msg_tls_" + UUID.randomUUID();
            byte[] body = TestEvents.transferStatusChanged("tr-tls", "PAID");
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/webhooks/ycmt"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            TestSigner.headers(SECRET, id, Instant.now().getEpochSecond(), body).forEach(request::header);
            assertThat(https.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            int plainStatus;
            try {
                plainStatus = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException refused) {
                plainStatus = -1;
            }
            // refused outright (the port is not opened), or at least never answered with success or a redirect
            assertThat(plainStatus == -1 || plainStatus >= 400).as("plain HTTP answered " + plainStatus).isTrue();
        }
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
