package com.partnerplatform.runtime.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code code} is the partner spec's error code (e.g.
 * {@code quote.expired}); {@code type} is derived from it. {@code detail} explains the rule that
 * failed and never echoes secret or personal input.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String code,
        String correlationId, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:partner-platform:problem:";

    /** One failed rule, for bad input with several problems: the field and what it must be. */
    public record Violation(String field, String rule) {
    }
}
