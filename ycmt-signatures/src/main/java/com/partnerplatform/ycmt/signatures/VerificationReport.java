package com.partnerplatform.ycmt.signatures;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link LocalVerifier#verify}: each of the ten checklist steps (quote spec s.18)
 * with its status and a detail, the overall verdict, and the error code of the first failure.
 * Details name claims, kids and rules, never claim values or key material, so a report can be
 * logged or shown to support as is.
 */
public final class VerificationReport {

    /** The result of one checklist step. */
    public enum Status { PASS, FAIL, SKIPPED }

    /**
     * One checklist step.
     *
     * @param number 1 to 10, as numbered in the spec
     * @param name the spec's wording of the step
     * @param status PASS, FAIL, or SKIPPED (after an earlier failure, or not applicable)
     * @param detail what was found
     */
    public record Step(int number, String name, Status status, String detail) {
        public Step {
            Objects.requireNonNull(name);
            Objects.requireNonNull(status);
            Objects.requireNonNull(detail);
        }

        @Override
        public String toString() {
            return String.format("%2d %-7s %s: %s", number, status, name, detail);
        }
    }

    private final Artefact artefact;
    private final List<Step> steps;
    private final ErrorCode errorCode;
    private final String kid;
    private final Map<String, Object> claims;

    VerificationReport(Artefact artefact, List<Step> steps, ErrorCode errorCode, String kid, Map<String, Object> claims) {
        this.artefact = artefact;
        this.steps = List.copyOf(steps);
        this.errorCode = errorCode;
        this.kid = kid;
        this.claims = errorCode == null ? claims : Map.of();
    }

    /** True when every step passed or was not applicable. */
    public boolean ok() {
        return errorCode == null;
    }

    public Artefact artefact() {
        return artefact;
    }

    /** All ten steps, in order. */
    public List<Step> steps() {
        return steps;
    }

    /** The code of the first failing step; empty when {@link #ok()}. */
    public Optional<ErrorCode> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** The first failing step; empty when {@link #ok()}. */
    public Optional<Step> firstFailure() {
        return steps.stream().filter(s -> s.status() == Status.FAIL).findFirst();
    }

    /** The header's kid, once decoded. */
    public Optional<String> kid() {
        return Optional.ofNullable(kid);
    }

    /**
     * The verified payload (LinkedHashMap of String, Long, BigDecimal, Boolean, nested Map/List) when
     * {@link #ok()}, otherwise empty: unverified claims are never handed out.
     */
    public Map<String, Object> claims() {
        return claims;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        steps.forEach(s -> out.append(s).append('\n'));
        out.append(ok() ? "RESULT: VALID" : "RESULT: INVALID " + errorCode.code());
        return out.toString();
    }
}
