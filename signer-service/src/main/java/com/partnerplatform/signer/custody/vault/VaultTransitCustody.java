package com.partnerplatform.signer.custody.vault;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.CertificateException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.partnerplatform.signer.custody.CustodyHealth;
import com.partnerplatform.signer.custody.CustodyKey;
import com.partnerplatform.signer.custody.KeyCustody;
import com.partnerplatform.ycmt.signatures.SigningException;
import com.partnerplatform.ycmt.signatures.SigningKey;

/**
 * Keys in a Vault transit key ring: one transit key, one kid per key version
 * ({@code <prefix><key-name>-v<N>}). Rotation is {@code keys/:name/rotate}; the newest version is
 * not used until the key ring activates it, because every sign call names its {@code key_version}.
 * Activation raises {@code min_encryption_version}, so Vault itself refuses to sign with a retired
 * version. Private keys never leave Vault ({@code exportable=false}).
 */
public final class VaultTransitCustody implements KeyCustody {

    private static final Logger LOG = Logger.getLogger(VaultTransitCustody.class);
    private static final Pattern SIGNATURE = Pattern.compile("vault:v(\\d+):([A-Za-z0-9+/]+={0,2})");

    private final VaultTransitClient client;
    private final String keyName;
    private final String namespace;
    private final int maxBatch;
    private volatile Map<String, CustodyKey> keys = Map.of();

    /** A Vault key version as a {@link SigningKey}; signing is one transit call. */
    private final class VaultSigningKey implements SigningKey {
        private final CustodyKey key;

        VaultSigningKey(CustodyKey key) {
            this.key = key;
        }

        @Override
        public String kid() {
            return key.kid();
        }

        @Override
        public RSAPublicKey publicKey() {
            return key.publicKey();
        }

        @Override
        public byte[] sign(byte[] signingInput) throws SigningException {
            return signBatch(key.kid(), List.of(signingInput)).get(0);
        }

        @Override
        public String toString() {
            return "VaultSigningKey[kid=" + key.kid() + "]";
        }
    }

    public VaultTransitCustody(VaultTransitClient client, String kidPrefix, String keyName, int maxBatch) {
        this.client = client;
        this.keyName = keyName;
        this.namespace = kidPrefix + keyName + "-v";
        this.maxBatch = maxBatch;
    }

    /** Reads the transit key, creating it first when allowed and missing. */
    public VaultTransitCustody start(boolean createIfMissing, String keyType) throws SigningException {
        try {
            if (client.readKey(keyName).isEmpty()) {
                if (!createIfMissing) {
                    throw new SigningException("transit key " + keyName + " does not exist and signer.vault.create-key is false");
                }
                LOG.infof("creating Vault transit key %s (%s, not exportable)", keyName, keyType);
                client.createKey(keyName, keyType);
            }
        } catch (VaultException e) {
            throw new SigningException(e.getMessage(), e);
        }
        refresh();
        return this;
    }

    @Override
    public String name() {
        return "vault-transit";
    }

    @Override
    public List<CustodyKey> keys() {
        return List.copyOf(keys.values());
    }

    @Override
    public boolean owns(String kid) {
        return kid.startsWith(namespace) && kid.substring(namespace.length()).matches("[1-9][0-9]{0,9}");
    }

    @Override
    public Optional<SigningKey> signingKey(String kid) {
        CustodyKey key = keys.get(kid);
        return key == null ? Optional.empty() : Optional.of(new VaultSigningKey(key));
    }

    @Override
    public CustodyKey createKey() throws SigningException {
        try {
            client.rotateKey(keyName);
        } catch (VaultException e) {
            throw new SigningException(e.getMessage(), e);
        }
        refresh();
        return keys.values().stream().reduce((a, b) -> b)
                .orElseThrow(() -> new SigningException("transit key " + keyName + " has no versions after rotate"));
    }

    /** One sign call costs an HTTP round trip on both sides; Vault signs a batch_input's items one after another. */
    @Override
    public int preferredChunk() {
        return Math.min(maxBatch, 32);
    }

    @Override
    public List<byte[]> signBatch(String kid, List<byte[]> signingInputs) throws SigningException {
        if (!keys.containsKey(kid)) {
            throw new SigningException("Vault transit key " + keyName + " has no version for kid " + kid);
        }
        int version = version(kid);
        List<byte[]> signatures = new ArrayList<>(signingInputs.size());
        for (int from = 0; from < signingInputs.size(); from += maxBatch) {
            List<byte[]> chunk = signingInputs.subList(from, Math.min(signingInputs.size(), from + maxBatch));
            List<String> results;
            try {
                results = client.signPkcs1Sha256(keyName, version, chunk);
            } catch (VaultException e) {
                throw new SigningException(e.getMessage(), e);
            }
            for (String result : results) {
                signatures.add(decode(result, version));
            }
        }
        return signatures;
    }

    @Override
    public void activated(String kid) throws SigningException {
        try {
            client.setMinEncryptionVersion(keyName, version(kid));
        } catch (VaultException e) {
            throw new SigningException(e.getMessage(), e);
        }
    }

    @Override
    public void refresh() throws SigningException {
        VaultTransitClient.KeyInfo info;
        try {
            info = client.readKey(keyName)
                    .orElseThrow(() -> new SigningException("Vault transit key " + keyName + " does not exist"));
        } catch (VaultException e) {
            throw new SigningException(e.getMessage(), e);
        }
        if (!info.type().startsWith("rsa-") || !info.supportsSigning()) {
            throw new SigningException("Vault transit key " + keyName + " is " + info.type() + "; RS256 needs an rsa-* key");
        }
        Map<String, CustodyKey> read = new LinkedHashMap<>();
        info.versions().values().stream()
                .sorted(Comparator.comparingInt(VaultTransitClient.KeyVersion::version))
                .forEach(v -> read.put(namespace + v.version(),
                        new CustodyKey(namespace + v.version(), publicKey(v.publicKeyPem()), v.createdAt())));
        keys = read;
    }

    @Override
    public CustodyHealth health() {
        try {
            Optional<VaultTransitClient.KeyInfo> info = client.readKey(keyName);
            return info.isPresent()
                    ? CustodyHealth.up("transit key " + keyName + " latest version " + info.get().latestVersion())
                    : CustodyHealth.down("transit key " + keyName + " not found");
        } catch (VaultException e) {
            return CustodyHealth.down(e.getMessage());
        }
    }

    private int version(String kid) {
        return Integer.parseInt(kid.substring(namespace.length()));
    }

    /** {@code vault:vN:<standard base64>}; the version must be the one asked for. */
    static byte[] decode(String signature, int expectedVersion) throws SigningException {
        Matcher m = SIGNATURE.matcher(signature == null ? "" : signature);
        if (!m.matches()) {
            throw new SigningException("Vault returned a signature not of the form vault:vN:<base64>");
        }
        if (Integer.parseInt(m.group(1)) != expectedVersion) {
            throw new SigningException("Vault signed with key version " + m.group(1) + " instead of " + expectedVersion);
        }
        return Base64.getDecoder().decode(m.group(2));
    }

    /** The PEM "PUBLIC KEY" (SubjectPublicKeyInfo) of a version; Vault 1.x may also return a certificate. */
    static RSAPublicKey publicKey(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalStateException("Vault returned a key version without public_key");
        }
        try {
            if (pem.contains("BEGIN CERTIFICATE")) {
                return (RSAPublicKey) java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                        .getPublicKey();
            }
            String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (CertificateException e) {
            throw new IllegalStateException("Vault returned an unreadable certificate", e);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("Vault returned a public_key that is not an RSA SubjectPublicKeyInfo", e);
        }
    }
}
