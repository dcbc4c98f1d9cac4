package com.partnerplatform.runtime.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import com.partnerplatform.runtime.environment.EnvironmentGuard.Environment;
import com.partnerplatform.runtime.environment.EnvironmentGuard.GuardedUrl;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

class EnvironmentGuardTest {

    private final EnvironmentGuard guard = new EnvironmentGuard(List.of("ycmt-test.example"), List.of("api.yes.cash"));

    @Test
    void hostsNamedSandboxOrListedAreSandboxHosts() {
        assertThat(guard.isSandboxHost("sandbox-auth.ycmt.example")).isTrue();
        assertThat(guard.isSandboxHost("api.sandbox.yes.cash")).isTrue();
        assertThat(guard.isSandboxHost("SANDBOX.api.yes.cash.")).isTrue();
        assertThat(guard.isSandboxHost("partner-sandbox.example")).isTrue();
        assertThat(guard.isSandboxHost("auth.ycmt-test.example")).isTrue();
        assertThat(guard.isSandboxHost("auth.ycmt.example")).isFalse();
        assertThat(guard.isSandboxHost("sandboxed.example")).isFalse();
        assertThat(guard.isSandboxHost("api.yes.cash")).isFalse();
    }

    @Test
    void productionRefusesASandboxUrlNamingThePropertyAndItsVariableButNotTheUrl() {
        List<String> violations = guard.violations(Environment.PRODUCTION, List.of(
                new GuardedUrl("mp.jwt.verify.issuer", "${QUOTE_JWT_ISSUER}",
                        "https://svc:hunter2-password@sandbox-auth.ycmt.example/partner?token=abc123secret"),
                new GuardedUrl("ygg.upstream.url", null, "https://redeem.partner.example")));

        assertThat(violations).hasSize(1);
        assertThat(violations.get(0)).contains("mp.jwt.verify.issuer", "${QUOTE_JWT_ISSUER}", "sandbox-auth.ycmt.example",
                "PARTNER_ENVIRONMENT").doesNotContain("hunter2-password", "abc123secret", "/partner");
    }

    @Test
    void sandboxRefusesAProductionHost() {
        assertThat(guard.violations(Environment.SANDBOX, List.of(
                new GuardedUrl("ygg.routes.redeem.upstream-url", null, "https://eu.api.yes.cash/v1"))))
                .singleElement().asString().contains("ygg.routes.redeem.upstream-url", "production host eu.api.yes.cash");
    }

    @Test
    void consistentRelativeAndFileUrlsPass() {
        assertThat(guard.violations(Environment.PRODUCTION, List.of(
                new GuardedUrl("mp.jwt.verify.issuer", null, "https://auth.ycmt.example/partner"),
                new GuardedUrl("mp.jwt.verify.publickey.location", null, "file:/etc/jwks/sandbox-keys.json"),
                new GuardedUrl("a", null, "not a url at all"), new GuardedUrl("b", null, "")))).isEmpty();
        assertThat(guard.violations(Environment.SANDBOX, List.of(
                new GuardedUrl("mp.jwt.verify.issuer", null, "https://sandbox.api.yes.cash/partner")))).isEmpty();
    }

    @Test
    void onlySandboxAndProductionAreEnvironments() {
        assertThat(Environment.parse(" Production ")).contains(Environment.PRODUCTION);
        assertThat(Environment.parse("sandbox")).contains(Environment.SANDBOX);
        assertThat(Environment.parse("prod")).isEmpty();
        assertThat(Environment.parse(null)).isEmpty();
    }

    @Test
    void theStartupCheckReadsGuardedPropertiesByPatternAndNamesTheVariable() {
        Map<String, String> properties = new HashMap<>(defaults());
        properties.put("QUOTE_JWT_ISSUER", "https://sandbox-auth.ycmt.example/partner");
        properties.put("mp.jwt.verify.issuer", "${QUOTE_JWT_ISSUER}");
        properties.put("ygg.routes.redeem.upstream-url", "https://redeem.sandbox.partner.example");
        properties.put("unguarded.url", "https://sandbox.example");

        assertThatThrownBy(() -> new EnvironmentStartupCheck().check(null, config(properties)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mp.jwt.verify.issuer (${QUOTE_JWT_ISSUER}) points to the sandbox host sandbox-auth.ycmt.example")
                .hasMessageContaining("ygg.routes.redeem.upstream-url points to the sandbox host redeem.sandbox.partner.example")
                .hasMessageNotContaining("unguarded.url");
    }

    @Test
    void theStartupCheckNamesTheEnvironmentVariableThatSetAPropertyDirectly() {
        Config config = new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors().withProfile("prod")
                .withSources(new EnvConfigSource(Map.of("YGG_UPSTREAM_URL", "https://redeem.sandbox.partner.example"), 300))
                .withSources(new PropertiesConfigSource(Map.of("ygg.upstream.url", "http://127.0.0.1:8090"), "app", 250))
                .build();

        assertThatThrownBy(() -> new EnvironmentStartupCheck().check(null, config))
                .hasMessageContaining("ygg.upstream.url (environment variable YGG_UPSTREAM_URL) points to the sandbox host"
                        + " redeem.sandbox.partner.example");
    }

    @Test
    void theStartupCheckPassesAProductionConfigurationAndDoesNothingWhenNotEnforced() {
        Map<String, String> properties = new HashMap<>(defaults());
        properties.put("mp.jwt.verify.issuer", "https://auth.ycmt.example/partner");
        assertThatCode(() -> new EnvironmentStartupCheck().check(null, config(properties))).doesNotThrowAnyException();

        properties.put("mp.jwt.verify.issuer", "https://sandbox-auth.ycmt.example/partner");
        properties.put("partner.environment.enforce", "false");
        assertThatCode(() -> new EnvironmentStartupCheck().check(null, config(properties))).doesNotThrowAnyException();
    }

    @Test
    void theStartupCheckRefusesAnUnknownEnvironment() {
        Map<String, String> properties = new HashMap<>(defaults());
        properties.put("partner.environment", "staging");
        assertThatThrownBy(() -> new EnvironmentStartupCheck().check(null, config(properties)))
                .hasMessageContaining("partner.environment (PARTNER_ENVIRONMENT) must be sandbox or production");
    }

    /** Nothing beyond platform-runtime's shipped META-INF/microprofile-config.properties, as the prod profile reads it. */
    private static Map<String, String> defaults() {
        return Map.of();
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors().withProfile("prod")
                .withSources(new PropertiesConfigSource(properties, "test", 300)).build();
    }
}
