package com.partnerplatform.ycmt.signatures;

import java.util.Objects;

/**
 * A payload broke a rule of the signature profile. It names the claim and the rule, never the
 * claim's value (values can be personal data or one-time challenges), and carries the error code
 * the failure maps to.
 */
public class ClaimsException extends IllegalArgumentException {

    private final ErrorCode errorCode;
    private final String claim;
    private final String rule;

    /**
     * @param claim the claim name as it appears in the payload, or {@code null} when the rule is
     *     about the payload as a whole
     */
    public ClaimsException(ErrorCode errorCode, String claim, String rule) {
        super(errorCode.code() + ": " + (claim == null ? "" : claim + ": ") + rule);
        this.errorCode = Objects.requireNonNull(errorCode);
        this.claim = claim;
        this.rule = Objects.requireNonNull(rule);
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    /** The offending claim's name, or {@code null} for a rule about the whole payload. */
    public String claim() {
        return claim;
    }

    /** The rule that failed, in words. */
    public String rule() {
        return rule;
    }
}
