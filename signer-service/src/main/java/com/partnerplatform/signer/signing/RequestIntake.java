package com.partnerplatform.signer.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.apache.kafka.common.errors.SerializationException;

import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.SigningRequestDeserializer;
import com.partnerplatform.events.signing.SigningRequest;
import com.partnerplatform.runtime.correlation.CorrelationId;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.ClaimsException;
import com.partnerplatform.ycmt.signatures.ErrorCode;

/**
 * Reads one signing request record and decides whether it may be signed. Checks, in order: size,
 * readability as signing-request/v1 (event-schemas serde), the quote_signature_v1 claim rules
 * (ycmt-signatures), then the signer's own policy: quote_id equals the request's quoteId,
 * partner_id is this signer's partner, the quote is not expired, not issued in the future, and
 * not valid for longer than signer.max-quote-lifetime. Messages name claims and rules, never values.
 */
public final class RequestIntake {

    /** What to do with a record. */
    public sealed interface Decision permits Accepted, Rejected, Poison {
        String quoteId();

        String correlationId();
    }

    /** Passed every check: sign {@code claims}. */
    public record Accepted(String quoteId, String correlationId, String jti, Map<String, Object> claims) implements Decision {
    }

    /** Readable but refused: reply REJECTED with {@code code} and {@code claim}. */
    public record Rejected(String quoteId, String correlationId, String jti, String code, String claim, String detail,
            Map<String, Object> claims) implements Decision {
    }

    /** Unreadable: dead-letter it (and reply request.malformed if the requester can be reached). */
    public record Poison(String quoteId, String correlationId, String reason) implements Decision {
    }

    private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final SigningRequestDeserializer deserializer = new SigningRequestDeserializer();
    private final String partnerId;
    private final Duration maxLifetime;
    private final Duration maxClockSkew;
    private final int maxBytes;

    public RequestIntake(String partnerId, Duration maxLifetime, Duration maxClockSkew, int maxBytes) {
        this.partnerId = Objects.requireNonNull(partnerId);
        this.maxLifetime = maxLifetime;
        this.maxClockSkew = maxClockSkew;
        this.maxBytes = maxBytes;
    }

    /**
     * @param key the record key (the quote id by contract)
     * @param headerCorrelationId the X-Correlation-Id header, or null
     */
    public Decision read(String key, byte[] value, String headerCorrelationId, Instant now) {
        String keyId = key != null && ID.matcher(key).matches() ? key : "unknown";
        String headerId = headerCorrelationId == null ? null : CorrelationId.acceptOrGenerate(headerCorrelationId);
        if (value == null || value.length == 0) {
            return new Poison(keyId, orNew(headerId), "empty record value");
        }
        if (value.length > maxBytes) {
            return new Rejected(keyId, orNew(headerId), null, SignerErrors.REQUEST_TOO_LARGE, null,
                    "request is " + value.length + " bytes; the limit is " + maxBytes, null);
        }
        SigningRequest request;
        try {
            request = deserializer.deserialize(Topics.QUOTE_SIGNING_REQUESTS, value);
        } catch (SerializationException e) {
            return new Poison(keyId, orNew(headerId), e.getMessage());
        }
        if (request == null || request.quoteId() == null || !ID.matcher(request.quoteId()).matches()) {
            return new Poison(keyId, orNew(headerId), "quoteId is missing or not 1-128 visible ASCII characters");
        }
        String correlationId = headerId != null ? headerId
                : CorrelationId.acceptOrGenerate(request.correlationId());
        String quoteId = request.quoteId();
        Map<String, Object> claims = request.claims();
        if (claims == null) {
            return new Poison(quoteId, correlationId, "claims are missing");
        }
        String jti = claims.get("jti") instanceof String s && ID.matcher(s).matches() ? s : null;
        try {
            Artefact.QUOTE.validate(claims);
        } catch (ClaimsException e) {
            return new Rejected(quoteId, correlationId, jti, e.errorCode().code(), printable(e.claim()), e.rule(), claims);
        }
        String invalid = ErrorCode.QUOTE_INVALID.code();
        if (!quoteId.equals(claims.get("quote_id"))) {
            return new Rejected(quoteId, correlationId, jti, invalid, "quote_id", "must equal the request's quoteId", claims);
        }
        if (!partnerId.equals(claims.get("partner_id"))) {
            return new Rejected(quoteId, correlationId, jti, invalid, "partner_id",
                    "is not the partner this signer signs for", claims);
        }
        long iat = ((Number) claims.get("iat")).longValue();
        long exp = ((Number) claims.get("exp")).longValue();
        if (now.getEpochSecond() >= exp) {
            return new Rejected(quoteId, correlationId, jti, ErrorCode.QUOTE_EXPIRED.code(), "exp",
                    "the quote has expired; expired quotes are never (re-)signed", claims);
        }
        if (iat > now.plus(maxClockSkew).getEpochSecond()) {
            return new Rejected(quoteId, correlationId, jti, invalid, "iat",
                    "lies more than " + maxClockSkew + " in the future", claims);
        }
        if (exp - iat > maxLifetime.getSeconds()) {
            return new Rejected(quoteId, correlationId, jti, invalid, "exp",
                    "quote lifetime exp - iat exceeds the maximum of " + maxLifetime, claims);
        }
        return new Accepted(quoteId, correlationId, jti, claims);
    }

    /** A claim name comes from the requester: keep it short and printable before it reaches a reply or log. */
    static String printable(String claim) {
        if (claim == null) {
            return null;
        }
        String cut = claim.length() > 64 ? claim.substring(0, 64) + "..." : claim;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static String orNew(String correlationId) {
        return correlationId != null ? correlationId : CorrelationId.acceptOrGenerate(null);
    }
}
