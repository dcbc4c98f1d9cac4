package com.partnerplatform.ycmt.signatures.device;

import com.partnerplatform.ycmt.signatures.JcaSigningKey;
import com.partnerplatform.ycmt.signatures.SigningKey;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * Device keys (device spec s.4, s.7): generated where they will live and used only through a
 * {@link SigningKey}, which signs with the private key's handle and never reads its bytes, so a key
 * the platform marks non-exportable stays that way. The platform is chosen by JCA names, which
 * keeps this class free of platform APIs:
 * <ul>
 *   <li>Android: provider {@code "AndroidKeyStore"} with the app's {@code KeyGenParameterSpec}
 *       (alias, {@code PURPOSE_SIGN}, {@code DIGEST_SHA256}, {@code SIGNATURE_PADDING_RSA_PKCS1},
 *       key size 3072); load later with key store type {@code "AndroidKeyStore"}.</li>
 *   <li>Desktop / HSM: a configured SunPKCS11 provider name (e.g. {@code "SunPKCS11-device"}), key
 *       store type {@code "PKCS11"}, the token PIN as password.</li>
 *   <li>Software key store: type {@code "PKCS12"} with its file and password.</li>
 * </ul>
 */
public final class DeviceKeys {

    /** Device spec s.3: "Recommended key size RSA-3072". */
    public static final int DEFAULT_BITS = 3072;

    private DeviceKeys() {
    }

    /** A fresh RSA-3072 key from the JDK's default provider, held in memory (desktop apps, tests). */
    public static SigningKey generate(String kid) {
        return generate(kid, null, null);
    }

    /**
     * Generates an RSA key pair inside {@code provider}.
     *
     * @param provider JCA provider name, e.g. "AndroidKeyStore" or a SunPKCS11 instance; null for the default
     * @param spec the platform's generation parameters; null for RSA-3072 with exponent 65537
     * @throws IllegalArgumentException if the provider is unknown, refuses the parameters, or the
     *     result is below RSA-2048
     */
    public static SigningKey generate(String kid, String provider, AlgorithmParameterSpec spec) {
        try {
            KeyPairGenerator generator = provider == null
                    ? KeyPairGenerator.getInstance("RSA")
                    : KeyPairGenerator.getInstance("RSA", provider);
            generator.initialize(spec == null ? new RSAKeyGenParameterSpec(DEFAULT_BITS, RSAKeyGenParameterSpec.F4) : spec);
            KeyPair pair = generator.generateKeyPair();
            if (!(pair.getPublic() instanceof RSAPublicKey publicKey)) {
                throw new IllegalArgumentException("provider generated a non-RSA key");
            }
            return new JcaSigningKey(kid, pair.getPrivate(), publicKey, provider == null ? null : generator.getProvider());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot generate an RSA device key with provider "
                    + (provider == null ? "(default)" : provider) + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Opens an existing device key by alias. The public half comes from the entry's certificate
     * (token keys do not expose it through the private handle).
     *
     * @param keyStoreType "AndroidKeyStore", "PKCS11" or "PKCS12"
     * @param provider JCA provider name, or null for the default provider of that type
     * @param stream the key store file for PKCS12; null for token and platform stores
     * @param password the store/entry password or token PIN; null where the platform needs none
     * @throws IllegalArgumentException if the store cannot be opened or has no RSA private key under the alias
     */
    public static SigningKey load(String kid, String keyStoreType, String provider, String alias, InputStream stream, char[] password) {
        try {
            KeyStore store = provider == null ? KeyStore.getInstance(keyStoreType) : KeyStore.getInstance(keyStoreType, provider);
            store.load(stream, password);
            KeyStore.ProtectionParameter protection = password == null || "PKCS11".equals(keyStoreType)
                    ? null : new KeyStore.PasswordProtection(password);
            if (!(store.getEntry(alias, protection) instanceof KeyStore.PrivateKeyEntry entry)) {
                throw new IllegalArgumentException("key store has no private key entry under alias " + alias);
            }
            Certificate certificate = entry.getCertificate();
            if (!(certificate.getPublicKey() instanceof RSAPublicKey publicKey)) {
                throw new IllegalArgumentException("key under alias " + alias + " is not an RSA key");
            }
            // token keys must be used by the token's provider; software keys by JCA's own selection
            Provider signer = "PKCS11".equals(keyStoreType) ? store.getProvider() : null;
            return new JcaSigningKey(kid, entry.getPrivateKey(), publicKey, signer);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot open device key " + alias + " in " + keyStoreType
                    + " key store: " + e.getClass().getSimpleName(), e);
        }
    }
}
