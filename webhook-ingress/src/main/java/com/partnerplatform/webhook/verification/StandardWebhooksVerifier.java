package com.partnerplatform.webhook.verification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks 1.0 scheme: {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature} headers; the signed content is {@code id.timestamp.rawBody}; the
 * signature header is a space-separated list of {@code version,base64} entries, of which
 * {@code v1} is HMAC-SHA256 with a {@code whsec_} secret and {@code v1a} ed25519 with a
 * {@code whpk_} public key. Any configured secret or key may match (rotation overlap); unknown
 * versions are skipped. The signature is checked before the timestamp so that a stale refusal
 * always means "authentic but outside the window", i.e. a replay, not a forgery.
 */
public final class StandardWebhooksVerifier implements WebhookVerifier {

    public static final String SCHEME = "standard-webhooks";
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    /** Visible ASCII only, as long as the delivery table's key column. */
    private static final Pattern DELIVERY_ID = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,12}");
    private static final int MAX_SIGNATURE_HEADER_LENGTH = 8192;
    private static final int MAX_SIGNATURE_ENTRIES = 32;

    private final List<SecretKeySpec> secrets;
    private final List<PublicKey> publicKeys;
    private final long toleranceSeconds;
    private final ThreadLocal<Mac[]> macs;

    public StandardWebhooksVerifier(List<SecretKeySpec> secrets, List<PublicKey> publicKeys, Duration tolerance) {
        if (secrets.isEmpty() && publicKeys.isEmpty()) {
            throw new IllegalArgumentException("no webhook secret configured: set webhook.verification.secrets"
                    + " (YCMT_WEBHOOK_SECRETS) to at least one whsec_ secret, or webhook.verification.public-keys"
                    + " (YCMT_WEBHOOK_PUBLIC_KEYS) to a whpk_ key");
        }
        this.secrets = List.copyOf(secrets);
        this.publicKeys = List.copyOf(publicKeys);
        this.toleranceSeconds = tolerance.toSeconds();
        this.macs = ThreadLocal.withInitial(this::newMacs);
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public VerifiedDelivery verify(WebhookHeaders headers, byte[] body, Instant now) throws VerificationFailure {
        String id = required(headers, ID_HEADER, null);
        if (!DELIVERY_ID.matcher(id).matches()) {
            throw new VerificationFailure(FailureReason.MALFORMED_HEADER, null,
                    "webhook-id must be 1 to 200 visible ASCII characters");
        }
        String timestampText = required(headers, TIMESTAMP_HEADER, id);
        if (!UNIX_SECONDS.matcher(timestampText).matches()) {
            throw new VerificationFailure(FailureReason.MALFORMED_HEADER, id,
                    "webhook-timestamp must be the Unix time in whole seconds");
        }
        String signatures = required(headers, SIGNATURE_HEADER, id);
        if (signatures.isEmpty() || signatures.length() > MAX_SIGNATURE_HEADER_LENGTH) {
            throw new VerificationFailure(FailureReason.MALFORMED_HEADER, id,
                    "webhook-signature must be a non-empty list of version,signature entries");
        }
        String[] entries = signatures.split(" ");
        if (entries.length > MAX_SIGNATURE_ENTRIES) {
            throw new VerificationFailure(FailureReason.MALFORMED_HEADER, id,
                    "webhook-signature lists more than " + MAX_SIGNATURE_ENTRIES + " signatures");
        }
        long timestamp = Long.parseLong(timestampText);
        // Senders sign the number, so a zero-padded header is signed without its padding.
        byte[] signedContent = signedContent(id, timestamp, body);

        String matched = match(entries, signedContent, id);
        long skew = now.getEpochSecond() - timestamp;
        if (skew > toleranceSeconds) {
            throw new VerificationFailure(FailureReason.TIMESTAMP_TOO_OLD, id,
                    "webhook-timestamp is older than the replay window");
        }
        if (-skew > toleranceSeconds) {
            throw new VerificationFailure(FailureReason.TIMESTAMP_TOO_NEW, id,
                    "webhook-timestamp is too far in the future");
        }
        return new VerifiedDelivery(id, Instant.ofEpochSecond(timestamp), matched);
    }

    private String match(String[] entries, byte[] signedContent, String id) throws VerificationFailure {
        boolean supported = false;
        byte[][] expectedV1 = null;
        for (String entry : entries) {
            int comma = entry.indexOf(',');
            if (comma < 0) {
                continue;
            }
            String version = entry.substring(0, comma);
            String value = entry.substring(comma + 1);
            if ("v1".equals(version) && !secrets.isEmpty()) {
                supported = true;
                if (expectedV1 == null) {
                    expectedV1 = expectedV1(signedContent);
                }
                // Compare the canonical base64 text, as the reference libraries do: a decoder would
                // accept unpadded or otherwise non-canonical text for the same bytes.
                byte[] presented = value.getBytes(StandardCharsets.US_ASCII);
                for (byte[] expected : expectedV1) {
                    if (MessageDigest.isEqual(expected, presented)) {
                        return version;
                    }
                }
            } else if ("v1a".equals(version) && !publicKeys.isEmpty()) {
                supported = true;
                if (verifiesEd25519(value, signedContent)) {
                    return version;
                }
            }
        }
        if (!supported) {
            throw new VerificationFailure(FailureReason.NO_SUPPORTED_SIGNATURE, id,
                    "webhook-signature has no v1 or v1a signature this endpoint can check");
        }
        throw new VerificationFailure(FailureReason.SIGNATURE_MISMATCH, id,
                "no signature in webhook-signature matches the delivery");
    }

    private byte[][] expectedV1(byte[] signedContent) {
        Mac[] perSecret = macs.get();
        byte[][] expected = new byte[perSecret.length][];
        for (int i = 0; i < perSecret.length; i++) {
            expected[i] = Base64.getEncoder().encode(perSecret[i].doFinal(signedContent));
        }
        return expected;
    }

    private boolean verifiesEd25519(String base64Signature, byte[] signedContent) {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(base64Signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (signature.length != 64) {
            return false;
        }
        for (PublicKey key : publicKeys) {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(signedContent);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // a signature the provider cannot even parse is simply not a match
            }
        }
        return false;
    }

    private static String required(WebhookHeaders headers, String name, String id) throws VerificationFailure {
        List<String> values = headers.all(name);
        if (values.isEmpty()) {
            throw new VerificationFailure(FailureReason.MISSING_HEADER, id, "the " + name + " header is required");
        }
        if (values.size() > 1) {
            throw new VerificationFailure(FailureReason.MALFORMED_HEADER, id, "the " + name + " header must appear once");
        }
        return values.get(0).trim();
    }

    static byte[] signedContent(String id, long timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return content;
    }

    private Mac[] newMacs() {
        Mac[] perSecret = new Mac[secrets.size()];
        try {
            for (int i = 0; i < perSecret.length; i++) {
                perSecret[i] = Mac.getInstance("HmacSHA256");
                perSecret[i].init(secrets.get(i));
            }
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        return perSecret;
    }
}
