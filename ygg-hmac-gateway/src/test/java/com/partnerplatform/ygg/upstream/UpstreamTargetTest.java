package com.partnerplatform.ygg.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpstreamTargetTest {

    @Test
    void parsesSchemeHostPortAndPrefix() {
        assertThat(UpstreamTarget.parse("http://127.0.0.1:8090")).isEqualTo(new UpstreamTarget(false, "127.0.0.1", 8090, ""));
        assertThat(UpstreamTarget.parse("https://redeem.internal/partner/"))
                .isEqualTo(new UpstreamTarget(true, "redeem.internal", 443, "/partner"));
        assertThat(UpstreamTarget.parse("http://redeem:8080/a/b").uri("/api/v1/x?y=1")).isEqualTo("/a/b/api/v1/x?y=1");
    }

    @Test
    void refusesWhatIsNotABaseUrl() {
        for (String bad : new String[] {"redeem:8080", "ftp://host/", "http://host/?q=1", "http://user:pw@host/",
            "http:///path", "not a url"}) {
            assertThatThrownBy(() -> UpstreamTarget.parse(bad)).as(bad).isInstanceOf(IllegalStateException.class)
                    .message().doesNotContain("pw");
        }
    }
}
