package com.partnerplatform.ygg.hmac;

import com.partnerplatform.ygg.canonical.Utf8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The YGG Redeem signature: lowercase hex {@code HMAC-SHA256(secret, method + path + requestId + body)}, where
 * body is the canonical body ({@code stringify(JSON.parse(raw))}, or a {@code GetBodyMode}'s body) and every
 * string is UTF-8 encoded as Node.js encodes it.
 *
 * <p>Several secrets may be configured for rotation: the first signs, all verify. Verification decodes the
 * presented hex (either case) in constant time, computes the MAC under every secret and compares each with
 * {@link MessageDigest#isEqual}, without stopping at the first match, so timing reveals neither how much of a
 * guess was right nor which secret matched. Instances are immutable and thread-safe; {@link #toString()}
 * never shows a secret.
 */
public final class YggHmac {

    public static final String ALGORITHM = "HmacSHA256";
    /** Hex characters in a signature. */
    public static final int SIGNATURE_HEX_LENGTH = 64;
    private static final int MAC_LENGTH = 32;

    private final List<Mac> prototypes;
    /** Each thread's own initialised copies (a Mac is stateful): no clone and no key schedule per request. */
    private final ThreadLocal<Mac[]> perThread = ThreadLocal.withInitial(this::clonePrototypes);

    /**
     * @param sharedSecrets the SHARED_SECRET_KEY values, current first, then those still accepted during
     *                      rotation; each used as Node's {@code createHmac('sha256', secret)} uses a string key
     */
    public YggHmac(List<String> sharedSecrets) {
        if (sharedSecrets == null || sharedSecrets.isEmpty()) {
            throw new IllegalArgumentException("at least one shared secret required");
        }
        List<Mac> macs = new ArrayList<>(sharedSecrets.size());
        for (String secret : sharedSecrets) {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("shared secrets must not be blank");
            }
            macs.add(newMac(Utf8.encode(secret)));
        }
        this.prototypes = List.copyOf(macs);
    }

    /** A current secret and, optionally, older ones still accepted. */
    public static YggHmac of(String currentSecret, String... previousSecrets) {
        List<String> all = new ArrayList<>();
        all.add(currentSecret);
        all.addAll(List.of(previousSecrets));
        return new YggHmac(all);
    }

    /** {@code method + path + requestId + canonicalBody}. */
    public static String payload(String method, String path, String requestId, String canonicalBody) {
        requireNonNull(method, "method");
        requireNonNull(path, "path");
        requireNonNull(requestId, "requestId");
        requireNonNull(canonicalBody, "canonicalBody");
        return method + path + requestId + canonicalBody;
    }

    /** The signature under the current secret, lowercase hex. */
    public String sign(String method, String path, String requestId, String canonicalBody) {
        return signPayload(payload(method, path, requestId, canonicalBody));
    }

    /** The signature of an already assembled payload under the current secret, lowercase hex. */
    public String signPayload(String payload) {
        return Hex.lower(mac(0, Utf8.encode(payload)));
    }

    /** Whether {@code presentedSignature} (hex, either case) is the signature under any configured secret. */
    public boolean verify(String method, String path, String requestId, String canonicalBody,
            String presentedSignature) {
        return verifyPayload(payload(method, path, requestId, canonicalBody), presentedSignature);
    }

    /** {@link #verify} for an already assembled payload. */
    public boolean verifyPayload(String payload, String presentedSignature) {
        byte[] message = Utf8.encode(payload);
        byte[] presented = new byte[MAC_LENGTH];
        // A wrong length is no secret; still do the same work so every rejection costs the same.
        int wellFormed = 0;
        if (presentedSignature != null && presentedSignature.length() == SIGNATURE_HEX_LENGTH) {
            wellFormed = Hex.decodeConstantTime(presentedSignature, presented);
        }
        int match = 0;
        for (int i = 0; i < prototypes.size(); i++) {
            match |= MessageDigest.isEqual(mac(i, message), presented) ? 1 : 0;
        }
        return (match & wellFormed) == 1;
    }

    /** Number of configured secrets (the current one included). */
    public int secretCount() {
        return prototypes.size();
    }

    private byte[] mac(int secretIndex, byte[] message) {
        return perThread.get()[secretIndex].doFinal(message); // doFinal resets the Mac for the next use
    }

    private Mac[] clonePrototypes() {
        Mac[] macs = new Mac[prototypes.size()];
        try {
            for (int i = 0; i < macs.length; i++) {
                macs[i] = (Mac) prototypes.get(i).clone();
            }
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 provider does not support clone", e);
        }
        return macs;
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            mac.clone(); // fail at configuration time, not on the first request
            return mac;
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static void requireNonNull(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " required");
        }
    }

    @Override
    public String toString() {
        return "YggHmac[secrets=" + prototypes.size() + "]";
    }
}
