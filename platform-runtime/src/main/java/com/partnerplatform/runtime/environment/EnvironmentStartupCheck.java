package com.partnerplatform.runtime.environment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

import com.partnerplatform.runtime.environment.EnvironmentGuard.Environment;
import com.partnerplatform.runtime.environment.EnvironmentGuard.GuardedUrl;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start (prod profile: {@code partner.environment.enforce=true}) when a base URL belongs to
 * the other environment than {@code partner.environment} declares. Which properties are base URLs is
 * {@code partner.environment.guarded-urls} (platform-runtime's defaults cover every service).
 */
@ApplicationScoped
public class EnvironmentStartupCheck {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{[A-Za-z0-9_.]+(:[^}]*)?}");

    void check(@Observes StartupEvent started, Config config) {
        if (!config.getOptionalValue("partner.environment.enforce", Boolean.class).orElse(false)) {
            return;
        }
        String declared = config.getOptionalValue("partner.environment", String.class).orElse("");
        Environment environment = Environment.parse(declared).orElseThrow(() -> new IllegalStateException(
                "partner.environment (PARTNER_ENVIRONMENT) must be sandbox or production"));
        EnvironmentGuard guard = new EnvironmentGuard(
                config.getOptionalValues("partner.environment.sandbox-hosts", String.class).orElse(List.of()),
                config.getOptionalValues("partner.environment.production-hosts", String.class).orElse(List.of()));
        List<String> violations = guard.violations(environment, guardedUrls(config));
        if (!violations.isEmpty()) {
            throw new IllegalStateException(String.join("; ", violations));
        }
    }

    static List<GuardedUrl> guardedUrls(Config config) {
        List<Pattern> patterns = config.getOptionalValues("partner.environment.guarded-urls", String.class)
                .orElse(List.of()).stream().map(Pattern::compile).toList();
        List<GuardedUrl> urls = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (patterns.stream().noneMatch(p -> p.matcher(name).matches())) {
                continue;
            }
            ConfigValue value;
            try {
                value = config.getConfigValue(name);
            } catch (RuntimeException unresolvable) {
                continue; // an unset required variable: the service's own configuration refuses that already
            }
            if (value.getValue() != null) {
                // name the variable behind the property, never a literal value (it may carry credentials)
                String raw = value.getRawValue();
                String source = raw != null && EXPRESSION.matcher(raw).matches() ? raw
                        : value.getSourceName() != null && value.getSourceName().startsWith("EnvConfigSource")
                                ? "environment variable " + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")
                                : null;
                urls.add(new GuardedUrl(name, source, value.getValue()));
            }
        }
        return urls;
    }
}
