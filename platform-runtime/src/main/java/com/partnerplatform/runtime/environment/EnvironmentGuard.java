package com.partnerplatform.runtime.environment;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Security guide 3.1: sandbox and production keep separate base URLs. Given the environment a
 * deployment declares and the base URLs it is configured with, names every URL that points into the
 * other environment. Only the host is inspected and reported: a URL may carry credentials in its
 * user info or query, so neither is ever part of a message.
 */
public final class EnvironmentGuard {

    public enum Environment {
        SANDBOX, PRODUCTION;

        /** {@code sandbox} or {@code production} (any case); empty for anything else. */
        public static Optional<Environment> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "sandbox" -> Optional.of(SANDBOX);
                case "production" -> Optional.of(PRODUCTION);
                default -> Optional.empty();
            };
        }
    }

    /** One configured URL: its property, the expression it came from (e.g. {@code ${QUOTE_JWT_ISSUER}}, may be null), the value. */
    public record GuardedUrl(String property, String source, String value) {
    }

    private final List<String> sandboxHosts;
    private final List<String> productionHosts;

    /**
     * @param sandboxHosts extra sandbox hosts (a subdomain matches too) besides those named {@code sandbox}
     * @param productionHosts production hosts (a subdomain matches too)
     */
    public EnvironmentGuard(List<String> sandboxHosts, List<String> productionHosts) {
        this.sandboxHosts = normalise(sandboxHosts);
        this.productionHosts = normalise(productionHosts);
    }

    /** A sandbox host: listed, or one of its DNS labels is {@code sandbox}, starts with {@code sandbox-} or ends with {@code -sandbox}. */
    public boolean isSandboxHost(String host) {
        String h = normalise(host);
        for (String label : h.split("\\.")) {
            if (label.equals("sandbox") || label.startsWith("sandbox-") || label.endsWith("-sandbox")) {
                return true;
            }
        }
        return matches(h, sandboxHosts);
    }

    public boolean isProductionHost(String host) {
        String h = normalise(host);
        return !isSandboxHost(h) && matches(h, productionHosts);
    }

    /** One message per URL that belongs to the other environment; empty when the configuration is consistent. */
    public List<String> violations(Environment environment, List<GuardedUrl> urls) {
        List<String> violations = new ArrayList<>();
        for (GuardedUrl url : urls) {
            Optional<String> host = host(url.value());
            if (host.isEmpty()) {
                continue;
            }
            String where = url.property() + (url.source() == null ? "" : " (" + url.source() + ")");
            if (environment == Environment.PRODUCTION && isSandboxHost(host.get())) {
                violations.add("partner.environment is production but " + where + " points to the sandbox host "
                        + host.get() + ": configure the production URL, or set partner.environment"
                        + " (PARTNER_ENVIRONMENT) to sandbox for a sandbox deployment");
            } else if (environment == Environment.SANDBOX && isProductionHost(host.get())) {
                violations.add("partner.environment is sandbox but " + where + " points to the production host "
                        + host.get() + ": sandbox deployments use sandbox URLs and credentials only");
            }
        }
        return violations;
    }

    /** The host of an absolute URL, lower case; empty for a relative, file: or unparseable value. */
    static Optional<String> host(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            String host = new URI(url.strip()).getHost();
            return host == null || host.isEmpty() ? Optional.empty() : Optional.of(normalise(host));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static boolean matches(String host, List<String> listed) {
        return listed.stream().anyMatch(l -> host.equals(l) || host.endsWith("." + l));
    }

    private static List<String> normalise(List<String> hosts) {
        return hosts.stream().map(EnvironmentGuard::normalise).filter(h -> !h.isEmpty()).toList();
    }

    private static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

}
