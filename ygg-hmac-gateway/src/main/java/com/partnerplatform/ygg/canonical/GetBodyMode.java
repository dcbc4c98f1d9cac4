package com.partnerplatform.ygg.canonical;

import java.util.Locale;

/**
 * What a GET request (or any request without a body) contributes to the signed payload. The YGG text says
 * "for GET requests, the body is an empty string" and signs {@code stringify(body)}: read literally that is
 * {@code stringify("")}, the two characters {@code ""}. Which reading YGG actually uses is settled at
 * onboarding, so it is configuration (DESIGN.md, "YGG canonical body").
 */
public enum GetBodyMode {
    /** {@code stringify("")}: the two characters {@code ""}. The default. */
    STRINGIFIED_EMPTY_STRING(JsStableStringify.stringifyString("")),
    /** Nothing: the payload ends with the request id. */
    EMPTY("");

    public static final GetBodyMode DEFAULT = STRINGIFIED_EMPTY_STRING;

    private final String canonicalBody;

    GetBodyMode(String canonicalBody) {
        this.canonicalBody = canonicalBody;
    }

    /** The body part of the signed payload. */
    public String canonicalBody() {
        return canonicalBody;
    }

    /** Parses a configuration value: {@code stringified-empty-string} or {@code empty} (any case, - or _). */
    public static GetBodyMode fromConfig(String value) {
        if (value == null) {
            throw new IllegalArgumentException("GET body mode required: stringified-empty-string or empty");
        }
        String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (GetBodyMode mode : values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown GET body mode, expected stringified-empty-string or empty");
    }
}
