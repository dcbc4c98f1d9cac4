package com.partnerplatform.ygg.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import com.partnerplatform.ygg.canonical.JsStableStringify;
import com.partnerplatform.ygg.canonical.Utf8;

/**
 * Every answer the gateway gives that is not the upstream's: the YGG error body
 * {@code {"success":false,"errorCode":"ERR-…","errorMessage":"…"}} with a status from the YGG list
 * (400, 401, 404, 429, 500). Messages name the problem, never a header value or body content.
 */
public enum YggError {
    NOT_FOUND(404, "ERR-NOT-FOUND", "Not found"),
    AUTH_FAILED(401, "ERR-AUTH-FAILED", "Unauthorized"),
    RATE_LIMITED(429, "ERR-RATE-LIMITED", "Too many requests"),
    MISSING_HEADERS(401, "ERR-MISSING-HEADERS", "X-API-REQUEST and X-API-SIGNATURE are required"),
    INVALID_REQUEST_ID(400, "ERR-INVALID-REQUEST-ID", "X-API-REQUEST is not a UUIDv7"),
    STALE_REQUEST(401, "ERR-STALE-REQUEST", "X-API-REQUEST timestamp is outside the accepted window"),
    /** 413 is not in the YGG status list, so an oversized body is a 400. */
    BODY_TOO_LARGE(400, "ERR-BODY-TOO-LARGE", "Body too large"),
    MALFORMED_JSON(400, "ERR-MALFORMED-JSON", "Body is not valid JSON"),
    INVALID_SIGNATURE(401, "ERR-INVALID-SIGNATURE", "Invalid signature"),
    DUPLICATE_REQUEST(401, "ERR-DUPLICATE-REQUEST", "Duplicate request"),
    NONCE_STORE_UNAVAILABLE(500, "ERR-NONCE-STORE-UNAVAILABLE", "Request could not be recorded; retry with a new X-API-REQUEST"),
    UPSTREAM_UNAVAILABLE(500, "ERR-UPSTREAM-UNAVAILABLE", "Upstream unavailable"),
    UPSTREAM_INVALID(500, "ERR-UPSTREAM-INVALID", "Upstream answered an invalid response"),
    INTERNAL(500, "ERR-INTERNAL", "Internal error");

    private final int status;
    private final String code;
    private final String message;
    private final byte[] body;

    YggError(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
        this.body = render(code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    /** The error body with the default message (shared, do not modify). */
    byte[] body() {
        return body;
    }

    /** The error body with a specific message (which must not contain untrusted input). */
    byte[] body(String specificMessage) {
        return specificMessage == null ? body : render(code, specificMessage);
    }

    private static byte[] render(String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("success", false);
        error.put("errorCode", code);
        error.put("errorMessage", message);
        return Utf8.encode(JsStableStringify.stringify(error));
    }
}
