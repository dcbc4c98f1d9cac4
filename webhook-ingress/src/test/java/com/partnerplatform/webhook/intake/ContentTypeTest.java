package com.partnerplatform.webhook.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTypeTest {

    @ParameterizedTest
    @ValueSource(strings = { "application/json", "Application/JSON", "application/json; charset=utf-8",
            "application/json;charset=\"UTF-8\"" })
    void jsonInUtf8IsAccepted(String contentType) {
        assertThat(WebhookRoute.isJson(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "text/plain", "application/x-www-form-urlencoded", "application/jsonp",
            "application/json; charset=iso-8859-1", "multipart/form-data; boundary=x" })
    void anythingElseIsNot(String contentType) {
        assertThat(WebhookRoute.isJson(contentType)).isFalse();
    }
}
