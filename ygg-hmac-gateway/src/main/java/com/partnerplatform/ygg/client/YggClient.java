package com.partnerplatform.ygg.client;

import com.partnerplatform.ygg.canonical.GetBodyMode;
import com.partnerplatform.ygg.canonical.JsJsonException;
import com.partnerplatform.ygg.canonical.JsJsonParser;
import com.partnerplatform.ygg.canonical.JsStableStringify;
import com.partnerplatform.ygg.hmac.UuidV7;
import com.partnerplatform.ygg.hmac.YggHmac;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The YGG Redeem side of the handshake, for tests and the {@link YggProbe} command: signs requests as YGG does
 * (fresh UUIDv7, {@code method + path + requestId + stringify(body)}) and checks the partner's response
 * signature. Thread-safe.
 */
public final class YggClient {

    public static final String API_KEY_HEADER = "X-API-KEY";
    public static final String REQUEST_ID_HEADER = "X-API-REQUEST";
    public static final String SIGNATURE_HEADER = "X-API-SIGNATURE";

    private final String apiKey;
    private final YggHmac hmac;
    private final GetBodyMode getBodyMode;
    private final Clock clock;
    private final SecureRandom random;

    public YggClient(String apiKey, String sharedSecret, GetBodyMode getBodyMode, Clock clock, SecureRandom random) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("API key required");
        }
        if (getBodyMode == null || clock == null || random == null) {
            throw new IllegalArgumentException("getBodyMode, clock and random required");
        }
        this.apiKey = apiKey;
        this.hmac = YggHmac.of(sharedSecret);
        this.getBodyMode = getBodyMode;
        this.clock = clock;
        this.random = random;
    }

    /** UTC system clock, a new SecureRandom and {@link GetBodyMode#DEFAULT}. */
    public static YggClient create(String apiKey, String sharedSecret) {
        return new YggClient(apiKey, sharedSecret, GetBodyMode.DEFAULT, Clock.systemUTC(), new SecureRandom());
    }

    /**
     * Signs a request with a fresh UUIDv7.
     *
     * @param jsonBody the JSON text to send, or null for a request without body (GET)
     * @throws JsJsonException if the body is not JSON that {@code JSON.parse} accepts
     */
    public SignedRequest sign(String method, String path, String jsonBody) {
        return sign(method, path, jsonBody, UuidV7.generate(clock, random));
    }

    /** Signs with a given request id (replays and fixed test vectors). */
    public SignedRequest sign(String method, String path, String jsonBody, UuidV7 requestId) {
        String canonicalBody = jsonBody == null ? getBodyMode.canonicalBody() : JsStableStringify.canonicalize(jsonBody);
        String signature = hmac.sign(method, path, requestId.text(), canonicalBody);
        return new SignedRequest(method, path, requestId.text(), jsonBody, canonicalBody, apiKey, signature);
    }

    /**
     * Whether a 200 response carries a valid X-API-SIGNATURE: the HMAC of {@code method + path + requestId +
     * stringify(JSON.parse(responseBody))} for the request it answers. False for a missing signature or a
     * body that is not JSON.
     */
    public boolean verifyResponse(SignedRequest request, String responseBody, String responseSignature) {
        if (responseBody == null || responseSignature == null) {
            return false;
        }
        String canonical;
        try {
            canonical = JsStableStringify.stringify(JsJsonParser.withDefaultLimits().parse(responseBody));
        } catch (JsJsonException e) {
            return false;
        }
        return hmac.verify(request.method(), request.path(), request.requestId(), canonical, responseSignature);
    }

    /**
     * A signed request. {@code body} is what to send (null: none); {@code canonicalBody} is what was signed.
     * {@link #toString()} leaves out the API key and the signature.
     */
    public record SignedRequest(String method, String path, String requestId, String body, String canonicalBody,
            String apiKey, String signature) {

        /** X-API-KEY, X-API-REQUEST and X-API-SIGNATURE. */
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(API_KEY_HEADER, apiKey);
            headers.put(REQUEST_ID_HEADER, requestId);
            headers.put(SIGNATURE_HEADER, signature);
            return headers;
        }

        @Override
        public String toString() {
            return "SignedRequest[" + method + " " + path + ", requestId=" + requestId + "]";
        }
    }
}
