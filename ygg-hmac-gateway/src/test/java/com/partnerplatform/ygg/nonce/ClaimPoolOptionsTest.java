package com.partnerplatform.ygg.nonce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

/** The per-event-loop claim pools connect as Quarkus' pool does, or are not used at all. */
class ClaimPoolOptionsTest {

    private static Config config(Map<String, String> extra) {
        return config(extra, Map.of());
    }

    private static Config config(Map<String, String> extra, Map<String, String> environment) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "quarkus.datasource.reactive.url", "postgresql://db.internal:6543/partner",
                "quarkus.datasource.username", "ygg",
                "quarkus.datasource.password", "not-a-real-password"));
        properties.putAll(extra);
        // the ordinals of application.properties and of the environment, which overrides it
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "application.properties", 250),
                new EnvConfigSource(environment, 300)).build();
    }

    @Test
    void takeQuarkusReactiveUrlAndCredentials() {
        PgConnectOptions options = ClaimPoolOptions.from(config(Map.of())).orElseThrow();

        assertThat(options.getHost()).isEqualTo("db.internal");
        assertThat(options.getPort()).isEqualTo(6543);
        assertThat(options.getDatabase()).isEqualTo("partner");
        assertThat(options.getUser()).isEqualTo("ygg");
        assertThat(options.getPassword()).isEqualTo("not-a-real-password");
        assertThat(options.getSslMode()).isEqualTo(SslMode.DISABLE);
        assertThat(options.getProperties()).containsEntry("application_name", ClaimPoolOptions.APPLICATION_NAME);
    }

    @Test
    void settingsThatAreOffDoNotPreventThem() {
        assertThat(ClaimPoolOptions.from(config(Map.of("quarkus.datasource.reactive.trust-all", "false",
                "quarkus.datasource.reactive.key-certificate-pem", "false",
                "quarkus.datasource.reactive.postgresql.ssl-mode", "disable")))).isPresent();
    }

    @Test
    void theDeploymentsTransportSecurityIsAppliedAsQuarkusAppliesIt() {
        // deploy/k8s/base/ygg-hmac-gateway/configmap.yaml, set as environment variables
        PgConnectOptions options = ClaimPoolOptions.from(config(Map.of(), Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://partner-pg-rw.postgres.svc:5432/partnerplatform?sslmode=verify-full",
                "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM", "true",
                "QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS", "/etc/postgres-ca/ca.crt",
                "QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM", "HTTPS"))).orElseThrow();

        assertThat(options.getHost()).isEqualTo("partner-pg-rw.postgres.svc");
        assertThat(options.getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(options.getPemTrustOptions().getCertPaths()).containsExactly("/etc/postgres-ca/ca.crt");
        assertThat(options.getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(options.isTrustAll()).isFalse();
    }

    @Test
    void theSslModeSettingOverridesTheUrlAndTrustAllIsCarriedOver() {
        PgConnectOptions options = ClaimPoolOptions.from(config(Map.of(
                "quarkus.datasource.reactive.postgresql.ssl-mode", "require",
                "quarkus.datasource.reactive.trust-all", "true"))).orElseThrow();

        assertThat(options.getSslMode()).isEqualTo(SslMode.REQUIRE);
        assertThat(options.isTrustAll()).isTrue();
        assertThat(options.getHostnameVerificationAlgorithm()).isEmpty();
    }

    @Test
    void verifyFullWithoutHostnameVerificationIsLeftToQuarkusToRefuse() {
        assertThat(ClaimPoolOptions.from(config(Map.of("quarkus.datasource.reactive.url",
                "postgresql://db.internal:6543/partner?sslmode=verify-full")))).isEmpty();
    }

    @Test
    void aSettingTheyWouldNotApplyLeavesClaimsOnQuarkusPool() {
        Map<String, String> settings = Map.of(
                "quarkus.datasource.reactive.key-certificate-pem.certs", "/etc/ygg/client.pem",
                "quarkus.datasource.reactive.trust-certificate-jks.path", "/etc/ygg/db-ca.jks",
                "quarkus.datasource.reactive.trust-certificate-pfx.path", "/etc/ygg/db-ca.p12",
                "quarkus.datasource.credentials-provider", "vault-db");
        settings.forEach((property, value) -> assertThat(ClaimPoolOptions.from(config(Map.of(property, value))))
                .as(property).isEmpty());
    }

    @Test
    void aSettingTheyWouldNotApplyCountsWhenItIsAnEnvironmentVariable() {
        assertThat(ClaimPoolOptions.from(config(Map.of(),
                Map.of("QUARKUS_DATASOURCE_REACTIVE_KEY_CERTIFICATE_PEM_KEYS", "/etc/ygg/client.key")))).isEmpty();
    }

    @Test
    void severalUrlsLeaveClaimsOnQuarkusPool() {
        assertThat(ClaimPoolOptions.from(config(Map.of("quarkus.datasource.reactive.url",
                "postgresql://db-a.internal:5432/partner,postgresql://db-b.internal:5432/partner")))).isEmpty();
    }
}
