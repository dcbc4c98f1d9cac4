package com.partnerplatform.webhook.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HeaderScrubberTest {

    @Test
    void signaturesCredentialsAndCookiesAreLeftOutAndOrdinaryHeadersKept() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("webhook-id", List.of("msg_1"));
        headers.put("webhook-timestamp", List.of("1760000000"));
        headers.put("webhook-signature", List.of("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
        headers.put("authorization", List.of("Bearer abc.def.ghi"));
        headers.put("proxy-authorization", List.of("Basic dXNlcjpwYXNz"));
        headers.put("cookie", List.of("session=1"));
        headers.put("x-api-key", List.of("k-123"));
        headers.put("x-partner-token", List.of("t-123"));
        headers.put("user-agent", List.of("Svix-Webhooks/1.0"));

        Map<String, String> kept = HeaderScrubber.scrub(headers);

        assertThat(kept).containsOnlyKeys("webhook-id", "webhook-timestamp", "user-agent");
        assertThat(kept).containsEntry("webhook-id", "msg_1");
    }

    @Test
    void secretsHiddenInOrdinaryHeaderValuesAreMaskedAndLongValuesCut() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("x-note", List.of("forwarded whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw by mistake"));
        headers.put("x-long", List.of("a".repeat(10_000)));

        Map<String, String> kept = HeaderScrubber.scrub(headers);

        assertThat(kept.get("x-note")).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(kept.get("x-long")).hasSizeLessThanOrEqualTo(HeaderScrubber.MAX_VALUE_LENGTH + 3);
    }

    @Test
    void theNumberOfHeadersKeptIsBounded() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            headers.put("x-h" + i, List.of("v"));
        }
        assertThat(HeaderScrubber.scrub(headers)).hasSize(HeaderScrubber.MAX_HEADERS);
    }
}
