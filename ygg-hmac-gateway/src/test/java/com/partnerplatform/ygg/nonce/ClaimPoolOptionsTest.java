package com.partnerplatform.ygg.nonce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.pgclient.PgConnectOptions;

/** The per-event-loop claim pools connect as Quarkus' pool does, or are not used at all. */
class PerEventLoopPoolOptionsTest {

    private static Config config(Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "quarkus.datasource.reactive.url", "postgresql://db.internal:6543/partner",
                "quarkus.datasource.username", "ygg",
                "quarkus.datasource.password", "not-a-real-password"));
        properties.putAll(extra);
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 500)).build();
    }

    @Test
    void takeQuarkusReactiveUrlAndCredentials() {
        PgConnectOptions options = NonceStore.perLoopOptions(config(Map.of())).orElseThrow();

        assertThat(options.getHost()).isEqualTo("db.internal");
        assertThat(options.getPort()).isEqualTo(6543);
        assertThat(options.getDatabase()).isEqualTo("partner");
        assertThat(options.getUser()).isEqualTo("ygg");
        assertThat(options.getPassword()).isEqualTo("not-a-real-password");
    }

    @Test
    void settingsThatAreOffDoNotPreventThem() {
        assertThat(NonceStore.perLoopOptions(config(Map.of("quarkus.datasource.reactive.trust-all", "false",
                "quarkus.datasource.reactive.postgresql.ssl-mode", "disable")))).isPresent();
    }

    @Test
    void anyTransportSecuritySettingLeavesClaimsOnQuarkusPool() {
        Map<String, String> settings = Map.of("quarkus.datasource.reactive.postgresql.ssl-mode", "require",
                "quarkus.datasource.reactive.trust-certificate-pem.certs", "/etc/ygg/db-ca.pem",
                "quarkus.datasource.reactive.tls-configuration-name", "database",
                "quarkus.datasource.reactive.hostname-verification-algorithm", "HTTPS",
                "quarkus.datasource.reactive.trust-all", "true");
        settings.forEach((property, value) -> assertThat(NonceStore.perLoopOptions(config(Map.of(property, value))))
                .as(property).isEmpty());
    }

    @Test
    void anSslModeInTheUrlLeavesClaimsOnQuarkusPool() {
        assertThat(NonceStore.perLoopOptions(config(Map.of("quarkus.datasource.reactive.url",
                "postgresql://db.internal:6543/partner?sslmode=require")))).isEmpty();
    }

    @Test
    void credentialsFromAProviderLeaveClaimsOnQuarkusPool() {
        assertThat(NonceStore.perLoopOptions(config(Map.of("quarkus.datasource.credentials-provider", "vault-db"))))
                .isEmpty();
    }
}
