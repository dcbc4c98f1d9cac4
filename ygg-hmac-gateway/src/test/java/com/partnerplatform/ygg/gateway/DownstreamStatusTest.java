package com.partnerplatform.ygg.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** Whatever the upstream answers, YGG only ever sees a status from its list. */
class DownstreamStatusTest {

    private static final Set<Integer> YGG_STATUSES = Set.of(200, 400, 401, 404, 429, 500);

    @Test
    void everyErrorStatusLandsInTheYggList() {
        for (int status = 400; status < 600; status++) {
            int mapped = GatewayHandler.downstreamStatus(status);
            assertThat(YGG_STATUSES).as("upstream %d -> %d", status, mapped).contains(mapped);
            assertThat(mapped).isEqualTo(YGG_STATUSES.contains(status) ? status : status < 500 ? 400 : 500);
        }
    }

    @Test
    void informationalSuccessAndRedirectStatusesHaveNoYggMeaning() {
        for (int status : new int[] {100, 201, 202, 204, 301, 302, 304}) {
            assertThat(GatewayHandler.downstreamStatus(status)).isEqualTo(-1);
        }
    }

    @Test
    void everyGatewayErrorUsesAStatusFromTheYggList() {
        for (YggError error : YggError.values()) {
            assertThat(YGG_STATUSES).as(error.code()).contains(error.status());
            assertThat(error.code()).matches("ERR-[A-Z-]+");
        }
    }

    @Test
    void errorBodiesHaveTheYggShape() {
        assertThat(new String(YggError.AUTH_FAILED.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"errorCode\":\"ERR-AUTH-FAILED\",\"errorMessage\":\"Unauthorized\",\"success\":false}");
        assertThat(new String(YggError.MALFORMED_JSON.body("Invalid JSON at byte offset 3: \"x\""),
                java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"errorCode\":\"ERR-MALFORMED-JSON\",\"errorMessage\":\"Invalid JSON at byte offset 3: "
                        + "\\\"x\\\"\",\"success\":false}");
    }
}
