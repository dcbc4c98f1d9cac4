package com.partnerplatform.systemtests.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** YCMT's side of a webhook delivery: Standard Webhooks v1 signatures over {@code id.timestamp.body}. */
public final class Webhooks {

    public static final String PATH = "/webhooks/ycmt";

    private Webhooks() {
    }

    /** {@code v1,<base64 HMAC-SHA256>} with a {@code whsec_} secret. */
    public static String signature(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, String> headers(String id, long timestamp, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", String.valueOf(timestamp));
        headers.put("webhook-signature", signature);
        return headers;
    }

    /** One signed delivery now; null when the connection failed (the service is down). */
    public static HttpResponse<String> deliver(String baseUrl, String secret, String id, String body) {
        long timestamp = Instant.now().getEpochSecond();
        return deliver(baseUrl, headers(id, timestamp, signature(secret, id, timestamp, body)), body);
    }

    public static HttpResponse<String> deliver(String baseUrl, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + PATH)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return Http.trySend(request);
    }

    /** A transfer status event as YCMT sends it, with a personal field that must not reach Kafka. */
    public static String transferEvent(String deliveryId, String transferId, String status) {
        return "{\"id\":\"" + deliveryId + "\",\"type\":\"transfer.status.changed\",\"transferId\":\"" + transferId
                + "\",\"transferStatus\":\"" + status + "\",\"beneficiaryName\":\"Jane Doe\",\"occurredAt\":\""
                + Instant.now() + "\"}";
    }
}
