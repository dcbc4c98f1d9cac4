package com.partnerplatform.runtime.problem;

import java.util.List;
import java.util.Map;

/**
 * Thrown by resources and services to answer with a problem+json. The message is the detail sent
 * to the caller, so it must be safe to show: a rule, never a secret or a personal value.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final List<Problem.Violation> violations;
    private final Map<String, String> headers;

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of(), Map.of());
    }

    public ProblemException(int status, String code, String title, String detail, List<Problem.Violation> violations,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.violations = List.copyOf(violations);
        this.headers = Map.copyOf(headers);
    }

    /** 503 with {@code Retry-After}: the caller should retry the same request later. */
    public static ProblemException unavailable(String code, String detail, int retryAfterSeconds) {
        return new ProblemException(503, code, "Service Unavailable", detail, List.of(),
                Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, "Bad Request", detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public List<Problem.Violation> violations() {
        return violations;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
