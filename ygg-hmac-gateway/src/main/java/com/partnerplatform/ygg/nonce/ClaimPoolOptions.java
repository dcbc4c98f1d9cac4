package com.partnerplatform.ygg.nonce;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

/**
 * Connection settings of the per-event-loop claim pools, read from Quarkus' default reactive datasource and
 * applied as Quarkus applies them to its own pool: the URL, the credentials and the transport security a
 * deployment uses (sslmode in the URL or {@code postgresql.ssl-mode}, PEM trust, {@code trust-all}, hostname
 * verification). A datasource setting these pools would not apply - a client certificate, JKS or PKCS#12 trust,
 * credentials from a provider, several URLs - leaves every claim on Quarkus' pool: never a less protected or
 * differently authenticated connection.
 */
final class ClaimPoolOptions {

    /** The connections' application_name. */
    static final String APPLICATION_NAME = "ygg-hmac-gateway request-id claims";

    private static final Logger LOG = Logger.getLogger(ClaimPoolOptions.class);
    private static final String REACTIVE = "quarkus.datasource.reactive.";
    private static final String SSL_MODE = REACTIVE + "postgresql.ssl-mode";
    private static final String TRUST_ALL = REACTIVE + "trust-all";
    private static final String TRUST_PEM = REACTIVE + "trust-certificate-pem";
    private static final String TRUST_PEM_CERTS = REACTIVE + "trust-certificate-pem.certs";
    private static final String HOSTNAME_VERIFICATION = REACTIVE + "hostname-verification-algorithm";

    /**
     * The reactive datasource's transport-security settings and the datasource's credentials provider, by name
     * with '-' and '_' read as '.', so that environment variables (QUARKUS_DATASOURCE_REACTIVE_KEY_CERTIFICATE_PEM_CERTS)
     * are recognised as well.
     */
    private static final Pattern SECURITY_SETTING = Pattern.compile("quarkus\\.datasource\\.(reactive\\..*"
            + "(ssl|trust|key\\.certificate|tls|hostname\\.verification).*|credentials\\.provider.*)");
    private static final Set<String> APPLIED = Set.of(normalised(SSL_MODE), normalised(TRUST_ALL), normalised(TRUST_PEM),
            normalised(TRUST_PEM_CERTS), normalised(HOSTNAME_VERIFICATION));
    private static final Set<String> OFF_VALUES = Set.of("", "disable", "false", "none");

    private ClaimPoolOptions() {
    }

    /** The pools' connection options, or empty when claims must stay on Quarkus' pool. */
    static Optional<PgConnectOptions> from(Config config) {
        for (String name : config.getPropertyNames()) {
            String setting = normalised(name);
            if (SECURITY_SETTING.matcher(setting).matches() && !APPLIED.contains(setting) && !isOff(config, name)) {
                LOG.infof("request-id claims use the shared pool: %s is set", name);
                return Optional.empty();
            }
        }
        Optional<String> url = value(config, REACTIVE + "url");
        if (url.isEmpty() || url.get().contains(",")) {
            return Optional.empty();
        }
        String uri = url.get().startsWith("vertx-reactive:") ? url.get().substring("vertx-reactive:".length()) : url.get();
        PgConnectOptions options = PgConnectOptions.fromUri(uri);
        value(config, SSL_MODE).map(SslMode::of).ifPresent(options::setSslMode);
        options.setTrustAll(value(config, TRUST_ALL).map(Boolean::parseBoolean).orElse(false));
        List<String> certificates = config.getOptionalValues(TRUST_PEM_CERTS, String.class).orElse(List.of());
        if (value(config, TRUST_PEM).map(Boolean::parseBoolean).orElse(false) || !certificates.isEmpty()) {
            PemTrustOptions trust = new PemTrustOptions();
            certificates.forEach(trust::addCertPath);
            options.setPemTrustOptions(trust);
        }
        String algorithm = value(config, HOSTNAME_VERIFICATION).orElse("NONE");
        boolean noVerification = "NONE".equalsIgnoreCase(algorithm);
        if (noVerification && options.getSslMode() == SslMode.VERIFY_FULL) {
            return Optional.empty(); // Quarkus refuses this combination for its own pool and says why
        }
        options.setHostnameVerificationAlgorithm(noVerification ? "" : algorithm);
        value(config, "quarkus.datasource.username").ifPresent(options::setUser);
        value(config, "quarkus.datasource.password").ifPresent(options::setPassword);
        // named, so that pg_stat_activity tells the claim connections from Quarkus' pool
        options.addProperty("application_name", APPLICATION_NAME);
        return Optional.of(options.setCachePreparedStatements(true));
    }

    private static Optional<String> value(Config config, String name) {
        return config.getOptionalValue(name, String.class).map(String::strip);
    }

    private static boolean isOff(Config config, String name) {
        return OFF_VALUES.contains(value(config, name).orElse("").toLowerCase(Locale.ROOT));
    }

    private static String normalised(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
    }
}
