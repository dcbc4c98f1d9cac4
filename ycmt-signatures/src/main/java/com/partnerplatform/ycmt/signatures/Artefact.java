package com.partnerplatform.ycmt.signatures;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The three signed artefacts of the profile, each named by its version claim. An artefact knows its
 * exact claim set, how to validate a payload, and which error code each kind of failure maps to.
 */
public enum Artefact {
    /** Quote spec s.6-7: the partner's signed quote. */
    QUOTE("quote_signature_v1", List.of(
            "quote_signature_v1", "quote_id", "jti", "partner_id", "partner_quote_seq", "subscription_id",
            "send_amount", "send_currency", "receive_amount", "receive_currency", "beneficiary_country",
            "beneficiary_currency", "corridor", "corridor_type", "fx_rate", "partner_fee", "principal_fee",
            "total_consumer_cost", "iat", "issued_at", "exp", "expires_at"),
            ErrorCode.QUOTE_SIGNATURE_INVALID, ErrorCode.QUOTE_INVALID, ErrorCode.QUOTE_EXPIRED),
    /** Device spec s.8: proof of possession of a device key at registration. */
    REGISTRATION_PROOF("registration_proof_v1", List.of(
            "registration_proof_v1", "registration_id", "registration_challenge", "device_key_alg",
            "device_public_key_jwk", "iat"),
            ErrorCode.DEVICE_SIGNATURE_INVALID, ErrorCode.DEVICE_INVALID, ErrorCode.DEVICE_CHALLENGE_EXPIRED),
    /** Device spec s.13: the device's confirmation of one transfer. */
    TRANSFER_ASSERTION("auth_signature_v1", List.of(
            "auth_signature_v1", "transfer_id", "challenge", "nonce", "send_amount", "send_currency",
            "receive_amount", "receive_currency", "beneficiary_id", "iat"),
            ErrorCode.DEVICE_SIGNATURE_INVALID, ErrorCode.DEVICE_INVALID, ErrorCode.DEVICE_CHALLENGE_EXPIRED);

    private final String versionClaim;
    private final List<String> claimNames;
    private final ErrorCode signatureError;
    private final ErrorCode claimsError;
    private final ErrorCode expiryError;

    Artefact(String versionClaim, List<String> claimNames, ErrorCode signatureError, ErrorCode claimsError, ErrorCode expiryError) {
        this.versionClaim = versionClaim;
        this.claimNames = claimNames;
        this.signatureError = signatureError;
        this.claimsError = claimsError;
        this.expiryError = expiryError;
    }

    /** The claim whose value "v1" names the scheme, e.g. {@code quote_signature_v1}. */
    public String versionClaim() {
        return versionClaim;
    }

    /** The exact claim set, in the spec's order; a payload has all of these and nothing else. */
    public List<String> claimNames() {
        return claimNames;
    }

    /** Code for checklist steps 1-8 (the JWS itself is wrong). */
    public ErrorCode signatureError() {
        return signatureError;
    }

    /** Code for step 9 (a claim is missing or malformed). */
    public ErrorCode claimsError() {
        return claimsError;
    }

    /** Code for step 10 and for the builders' challenge check. */
    public ErrorCode expiryError() {
        return expiryError;
    }

    /**
     * Checks a payload against every claim rule of this artefact (names, JSON types, formats and
     * cross-claim rules; not expiry, which needs a clock).
     *
     * @throws ClaimsException naming the first claim that fails and the rule
     */
    public void validate(Map<String, ?> claims) {
        JsonNode node;
        try {
            node = StrictJson.fromJava(claims);
        } catch (JcsException e) {
            throw new ClaimsException(claimsError, null, e.getMessage());
        }
        validate(node);
    }

    void validate(JsonNode claims) {
        switch (this) {
            case QUOTE -> ClaimRules.quote(claims);
            case REGISTRATION_PROOF -> ClaimRules.registrationProof(claims);
            case TRANSFER_ASSERTION -> ClaimRules.transferAssertion(claims);
        }
    }
}
