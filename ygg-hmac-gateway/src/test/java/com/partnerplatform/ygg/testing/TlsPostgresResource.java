package com.partnerplatform.ygg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.partnerplatform.testsupport.DatabaseSettings;
import com.partnerplatform.testsupport.PostgresServer;
import com.partnerplatform.testsupport.SelfSignedCertificate;

/**
 * A PostgreSQL of its own that accepts TLS, and the gateway's datasource configured as the Kubernetes deployment
 * configures it (deploy/k8s/base/ygg-hmac-gateway/configmap.yaml): sslmode=verify-full in both URLs, the server's
 * certificate as the trusted PEM, HTTPS hostname verification.
 */
public class TlsPostgresResource implements OwnServersResource {

    private static PostgresServer postgres;

    public static DatabaseSettings settings() {
        return postgres.settings();
    }

    @Override
    public Map<String, String> start() {
        Path directory;
        try {
            directory = Files.createTempDirectory("ygg-tls-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SelfSignedCertificate certificate = SelfSignedCertificate.forLocalhost(directory);
        postgres = PostgresServer.dedicatedWithTls(directory.resolve("data"), certificate);
        String server = "localhost:" + postgres.port() + "/postgres"; // the name the certificate is issued for
        Map<String, String> config = new HashMap<>(postgres.settings().quarkusDatasource());
        config.putAll(Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + server + "?sslmode=verify-full&sslrootcert="
                        + certificate.certificate(),
                "quarkus.datasource.reactive.url", "postgresql://" + server + "?sslmode=verify-full",
                "quarkus.datasource.reactive.trust-certificate-pem", "true",
                "quarkus.datasource.reactive.trust-certificate-pem.certs", certificate.certificate().toString(),
                "quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS"));
        return config;
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.stop();
        }
    }
}
