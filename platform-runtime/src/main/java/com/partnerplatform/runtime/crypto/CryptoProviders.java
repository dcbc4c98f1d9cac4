package com.partnerplatform.runtime.crypto;

import java.security.Provider;
import java.security.Security;
import java.security.Signature;

import org.jboss.logging.Logger;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

/**
 * Puts Amazon Corretto Crypto Provider (AWS-LC) first in the JCA provider list, so in-process RSA
 * signing and verification run ~3x faster than with SunRsaSign. If its native library cannot load
 * on this platform, the JDK providers stay in charge; either way the choice is logged once.
 *
 * <p>The provider jar is an optional dependency of this module: a service that calls
 * {@link #install()} declares {@code software.amazon.cryptools:AmazonCorrettoCryptoProvider} itself.
 */
public final class CryptoProviders {

    private static final Logger LOG = Logger.getLogger(CryptoProviders.class);
    private static volatile String active;

    private CryptoProviders() {
    }

    /** Installs ACCP at most once per JVM and returns the name of the provider that serves SHA256withRSA. */
    public static synchronized String install() {
        if (active != null) {
            return active;
        }
        String reason = null;
        try {
            Throwable loadingError = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
            if (loadingError == null) {
                AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
                if (Security.getProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME) == null) {
                    AmazonCorrettoCryptoProvider.install();
                }
            } else {
                reason = loadingError.getClass().getSimpleName() + ": " + loadingError.getMessage();
            }
        } catch (RuntimeException | LinkageError e) {
            reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        active = rsaProvider();
        if (reason == null) {
            LOG.infof("JCA provider for RS256: %s (Amazon Corretto Crypto Provider %s, AWS-LC)", active,
                    AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr());
        } else {
            LOG.warnf("Amazon Corretto Crypto Provider unavailable (%s); RS256 runs on the JDK provider %s", reason, active);
        }
        return active;
    }

    /** The provider JCA picks for SHA256withRSA right now. */
    public static String rsaProvider() {
        try {
            Provider provider = Signature.getInstance("SHA256withRSA").getProvider();
            return provider.getName();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no JCA provider offers SHA256withRSA", e);
        }
    }
}
