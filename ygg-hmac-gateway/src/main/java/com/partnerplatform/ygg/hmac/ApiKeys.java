package com.partnerplatform.ygg.hmac;

import com.partnerplatform.ygg.canonical.Utf8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The X-API-KEY values the partner accepts (several during rotation). Keys are kept only as SHA-256 digests
 * and a presented key is compared by digest with {@link MessageDigest#isEqual}, against every configured key
 * without stopping early: the comparison time depends on neither the keys' lengths nor their content.
 * Thread-safe; {@link #toString()} never shows a key.
 */
public final class ApiKeys {

    /** Each thread's own digest: a provider lookup per request costs more than the hash of a short key. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ApiKeys::newDigest);

    private final List<byte[]> digests;

    public ApiKeys(List<String> acceptedKeys) {
        if (acceptedKeys == null || acceptedKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one API key required");
        }
        List<byte[]> d = new ArrayList<>(acceptedKeys.size());
        for (String key : acceptedKeys) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("API keys must not be blank");
            }
            d.add(sha256(key));
        }
        this.digests = List.copyOf(d);
    }

    public static ApiKeys of(String... acceptedKeys) {
        return new ApiKeys(List.of(acceptedKeys));
    }

    /** Whether the presented X-API-KEY value equals one of the accepted keys; false for null. */
    public boolean matches(String presentedKey) {
        return indexOf(presentedKey) >= 0;
    }

    /**
     * Position of the presented key in the configured list (what per-key state such as a rate limit is keyed
     * by, so that no key text has to be kept), or -1 for null or no match. Every configured key is compared
     * and the index is selected without a branch on the comparison, so timing does not reveal which matched.
     */
    public int indexOf(String presentedKey) {
        byte[] presented = sha256(presentedKey == null ? "" : presentedKey);
        int index = -1;
        for (int i = 0; i < digests.size(); i++) {
            int equal = MessageDigest.isEqual(digests.get(i), presented) ? 1 : 0;
            index = index & (equal - 1) | i & -equal; // index = equal ? i : index
        }
        return presentedKey == null ? -1 : index;
    }

    public int size() {
        return digests.size();
    }

    private static byte[] sha256(String s) {
        return SHA256.get().digest(Utf8.encode(s)); // digest() resets it for the next use
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeys[count=" + digests.size() + "]";
    }
}
