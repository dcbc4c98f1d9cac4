package com.partnerplatform.signer;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.partnerplatform.events.Topics;
import com.partnerplatform.runtime.crypto.CryptoProviders;
import com.partnerplatform.signer.admin.AdminToken;
import com.partnerplatform.signer.custody.KeyCustody;
import com.partnerplatform.signer.custody.dev.DevCustody;
import com.partnerplatform.signer.custody.dev.DevCustodyGuard;
import com.partnerplatform.signer.custody.pkcs11.Pkcs11Custody;
import com.partnerplatform.signer.custody.vault.VaultTransitClient;
import com.partnerplatform.signer.custody.vault.VaultTransitCustody;
import com.partnerplatform.signer.keys.KafkaKeyFeed;
import com.partnerplatform.signer.keys.KeyRing;
import com.partnerplatform.signer.keys.RotationPolicy;
import com.partnerplatform.signer.signing.RequestIntake;
import com.partnerplatform.signer.signing.SignerMetrics;
import com.partnerplatform.signer.signing.SigningService;
import com.partnerplatform.ycmt.signatures.SigningException;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.common.annotation.Identifier;

/**
 * Wires the signer from configuration: the JCA provider first, then the custody chosen by
 * {@code signer.custody}, the key feed, the key ring and the signing service. Starting the ring at
 * startup makes a misconfiguration (unreachable custody, bad rotation timing, an uncompacted key
 * topic) fail the process instead of the first request.
 */
@ApplicationScoped
public class SignerBeans {

    private static final Logger LOG = Logger.getLogger(SignerBeans.class);

    void onStart(@Observes @Priority(10) StartupEvent event, SignerConfig config, KafkaKeyFeed feed, KeyRing ring)
            throws SigningException {
        AdminToken.of(config.admin().token()); // a too-short admin token fails the start, not the first admin call
        feed.start();
        ring.start();
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    KeyCustody custody(SignerConfig config, Clock clock) throws SigningException {
        CryptoProviders.install();
        return switch (config.custodyType()) {
            case DEV -> {
                DevCustodyGuard.requireNotProduction(ConfigUtils.getProfiles());
                LOG.warn("**********************************************************************");
                LOG.warn("signer.custody=dev: signing keys are EPHEMERAL and live in process memory.");
                LOG.warn("For the local platform and tests only; refused in the prod profile.");
                LOG.warn("**********************************************************************");
                yield new DevCustody(config.kidPrefix(), config.keyBits(), clock);
            }
            case PKCS11 -> {
                SignerConfig.Pkcs11 p11 = config.pkcs11();
                char[] pin = p11.pin().orElseThrow(() -> new IllegalStateException(
                        "signer.pkcs11.pin is required for signer.custody=pkcs11")).toCharArray();
                yield Pkcs11Custody.open(p11.library(), p11.tokenLabel(),
                        p11.slot().isPresent() ? java.util.Optional.of(p11.slot().getAsLong()) : java.util.Optional.empty(),
                        pin, config.kidPrefix(), config.keyBits(), clock);
            }
            case VAULT_TRANSIT -> {
                SignerConfig.Vault vault = config.vault();
                VaultTransitClient client = new VaultTransitClient(
                        vault.url().orElseThrow(() -> new IllegalStateException(
                                "signer.vault.url is required for signer.custody=vault-transit")),
                        vault.mount(), vault.timeout(), VaultTransitClient.tokenSource(vault.token(), vault.tokenFile()));
                yield new VaultTransitCustody(client, config.kidPrefix(), vault.keyName(), vault.maxBatch())
                        .start(vault.createKey(), vault.keyType());
            }
        };
    }

    @Produces
    @Singleton
    KafkaKeyFeed keyFeed(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        return new KafkaKeyFeed(kafkaConfig, Topics.SIGNER_PUBLIC_KEYS, Duration.ofSeconds(30));
    }

    void closeFeed(@Disposes KafkaKeyFeed feed) {
        feed.close();
    }

    @Produces
    @Singleton
    RotationPolicy rotationPolicy(SignerConfig config) {
        return new RotationPolicy(config.maxQuoteLifetime(), config.jwks().cacheTime(),
                config.rotation().propagationDelay(), config.rotation().overlap(), config.rotation().interval())
                .requireValid();
    }

    @Produces
    @Singleton
    KeyRing keyRing(KeyCustody custody, KafkaKeyFeed feed, RotationPolicy policy, Clock clock) {
        return new KeyRing(custody, feed, policy, clock);
    }

    @Produces
    @Singleton
    RequestIntake requestIntake(SignerConfig config) {
        return new RequestIntake(config.partnerId(), config.maxQuoteLifetime(), config.maxClockSkew(),
                config.maxRequestBytes());
    }

    @Produces
    @Singleton
    @Identifier("signing-pool")
    ExecutorService signingPool(SignerConfig config) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(parallelism(config), r -> {
            Thread t = new Thread(r, "signer-sign-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void closePool(@Disposes @Identifier("signing-pool") ExecutorService pool) {
        pool.shutdown();
    }

    @Produces
    @Singleton
    SigningService signingService(KeyRing ring, KeyCustody custody, @Identifier("signing-pool") ExecutorService pool,
            SignerConfig config, SignerMetrics metrics) {
        return new SigningService(ring, custody, pool, parallelism(config), config.signing().retries(),
                config.signing().retryBackoff(), metrics, config.signing().selfCheck());
    }

    private static int parallelism(SignerConfig config) {
        int configured = config.signing().parallelism();
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }
}
