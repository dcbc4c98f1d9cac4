package com.partnerplatform.signer.custody.pkcs11;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.partnerplatform.signer.custody.CustodyHealth;
import com.partnerplatform.signer.custody.CustodyKey;
import com.partnerplatform.signer.custody.KeyCustody;
import com.partnerplatform.ycmt.signatures.JcaSigningKey;
import com.partnerplatform.ycmt.signatures.SigningException;
import com.partnerplatform.ycmt.signatures.SigningKey;

/**
 * Keys generated inside a PKCS#11 token through the JDK's SunPKCS11 provider, never extractable:
 * the generate template makes the private key a sensitive, non-extractable token object that can
 * sign but not decrypt or unwrap, and the public half lives only in a self-signed certificate
 * stored under the same alias (the kid), which is what makes the KeyStore list the key.
 */
public final class Pkcs11Custody implements KeyCustody {

    private static final Logger LOG = Logger.getLogger(Pkcs11Custody.class);

    /** The public key is a session object: the certificate already carries it. */
    static final String GENERATE_TEMPLATE = """
            attributes(generate, CKO_PRIVATE_KEY, CKK_RSA) = {
              CKA_TOKEN = true
              CKA_PRIVATE = true
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
              CKA_SIGN = true
              CKA_DECRYPT = false
              CKA_UNWRAP = false
            }
            attributes(generate, CKO_PUBLIC_KEY, CKK_RSA) = {
              CKA_TOKEN = false
              CKA_VERIFY = true
              CKA_ENCRYPT = false
              CKA_WRAP = false
            }
            """;

    private final Provider provider;
    private final KeyStore keyStore;
    private final String namespace;
    private final int bits;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile Map<String, Loaded> keys = Map.of();

    private record Loaded(CustodyKey info, SigningKey key) {
    }

    private Pkcs11Custody(Provider provider, KeyStore keyStore, String kidPrefix, int bits, Clock clock) {
        this.provider = provider;
        this.keyStore = keyStore;
        this.namespace = kidPrefix + "p11-";
        this.bits = bits;
        this.clock = clock;
    }

    /**
     * Configures SunPKCS11 for the token, logs in and loads the keys.
     *
     * @param slot the slot id, or empty to look it up by {@code tokenLabel}
     */
    public static Pkcs11Custody open(String library, String tokenLabel, Optional<Long> slot, char[] pin,
            String kidPrefix, int bits, Clock clock) throws SigningException {
        long slotId = slot.orElseGet(() -> Pkcs11SlotResolver.slotOf(library, tokenLabel));
        String config = "--name = signer-" + tokenLabel.replaceAll("[^A-Za-z0-9]", "") + "\n"
                + "library = " + library + "\n"
                + "slot = " + slotId + "\n"
                + GENERATE_TEMPLATE;
        Provider provider = Security.getProvider("SunPKCS11").configure(config);
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, pin);
            Pkcs11Custody custody = new Pkcs11Custody(provider, keyStore, kidPrefix, bits, clock);
            custody.refresh();
            LOG.infof("PKCS#11 custody on token '%s' (slot %d, %s): %d signing key(s)", tokenLabel, slotId,
                    library, custody.keys.size());
            return custody;
        } catch (GeneralSecurityException | IOException e) {
            throw new SigningException("cannot open PKCS#11 token '" + tokenLabel + "': " + e.getClass().getSimpleName(), e);
        } finally {
            java.util.Arrays.fill(pin, '\0');
        }
    }

    @Override
    public String name() {
        return "pkcs11";
    }

    /** The SunPKCS11 provider instance bound to the token. */
    public Provider provider() {
        return provider;
    }

    @Override
    public List<CustodyKey> keys() {
        return keys.values().stream().map(Loaded::info).toList();
    }

    @Override
    public boolean owns(String kid) {
        return kid.startsWith(namespace);
    }

    @Override
    public Optional<SigningKey> signingKey(String kid) {
        Loaded loaded = keys.get(kid);
        return loaded == null ? Optional.empty() : Optional.of(loaded.key());
    }

    @Override
    public CustodyKey createKey() throws SigningException {
        byte[] suffix = new byte[2];
        random.nextBytes(suffix);
        Instant now = clock.instant();
        String kid = namespace + now.getEpochSecond() + "-" + HexFormat.of().formatHex(suffix);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", provider);
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
            KeyPair pair = generator.generateKeyPair();
            X509Certificate certificate = SelfSignedCertificate.create(kid, pair.getPublic(), pair.getPrivate(), provider,
                    now, now.plus(Duration.ofDays(3650)));
            synchronized (keyStore) {
                keyStore.setEntry(kid, new KeyStore.PrivateKeyEntry(pair.getPrivate(), new Certificate[] {certificate}), null);
            }
        } catch (GeneralSecurityException e) {
            throw new SigningException("PKCS#11 key generation failed: " + e.getClass().getSimpleName(), e);
        }
        refresh();
        Loaded loaded = keys.get(kid);
        if (loaded == null) {
            throw new SigningException("PKCS#11 token does not list the key " + kid + " it just stored");
        }
        return loaded.info();
    }

    @Override
    public List<byte[]> signBatch(String kid, List<byte[]> signingInputs) throws SigningException {
        SigningKey key = signingKey(kid).orElseThrow(() -> new SigningException("PKCS#11 token holds no key " + kid));
        List<byte[]> signatures = new ArrayList<>(signingInputs.size());
        for (byte[] input : signingInputs) {
            signatures.add(key.sign(input));
        }
        return signatures;
    }

    @Override
    public void destroy(String kid) throws SigningException {
        if (!owns(kid)) {
            return;
        }
        try {
            synchronized (keyStore) {
                if (keyStore.containsAlias(kid)) {
                    keyStore.deleteEntry(kid);
                    LOG.infof("deleted retired key %s from the PKCS#11 token", kid);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new SigningException("cannot delete " + kid + " from the PKCS#11 token", e);
        }
        refresh();
    }

    @Override
    public void refresh() throws SigningException {
        Map<String, Loaded> read = new LinkedHashMap<>();
        try {
            synchronized (keyStore) {
                for (String alias : Collections.list(keyStore.aliases())) {
                    if (!owns(alias) || !keyStore.isKeyEntry(alias)) {
                        continue;
                    }
                    X509Certificate certificate = (X509Certificate) keyStore.getCertificate(alias);
                    PrivateKey privateKey = (PrivateKey) keyStore.getKey(alias, null);
                    if (certificate == null || privateKey == null) {
                        continue;
                    }
                    RSAPublicKey publicKey = (RSAPublicKey) certificate.getPublicKey();
                    CustodyKey info = new CustodyKey(alias, publicKey, certificate.getNotBefore().toInstant());
                    read.put(alias, new Loaded(info, new JcaSigningKey(alias, privateKey, publicKey, provider)));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new SigningException("cannot list the PKCS#11 token's keys: " + e.getClass().getSimpleName(), e);
        }
        Map<String, Loaded> sorted = new LinkedHashMap<>();
        read.values().stream().sorted(Comparator.comparing((Loaded l) -> l.info().createdAt()).thenComparing(l -> l.info().kid()))
                .forEach(l -> sorted.put(l.info().kid(), l));
        keys = sorted;
    }

    @Override
    public CustodyHealth health() {
        try {
            int size;
            synchronized (keyStore) {
                size = keyStore.size();
            }
            return CustodyHealth.up("PKCS#11 token reachable, " + size + " entries");
        } catch (GeneralSecurityException | RuntimeException e) {
            return CustodyHealth.down("PKCS#11 token unreachable: " + e.getClass().getSimpleName());
        }
    }
}
