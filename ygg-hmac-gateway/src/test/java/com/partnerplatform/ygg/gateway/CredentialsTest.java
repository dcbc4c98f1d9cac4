package com.partnerplatform.ygg.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The gateway refuses to start without credentials or with short ones, and never says what they were. */
class CredentialsTest {

    private static final String KEY = "a-partner-api-key-0001";
    private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void missingSecretsStopTheStartNamingTheEnvironmentVariable() {
        assertThatThrownBy(() -> Credentials.from(Optional.of(List.of(KEY)), Optional.empty(), 16, 32))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("YGG_SHARED_SECRETS");
        assertThatThrownBy(() -> Credentials.from(Optional.of(List.of(KEY)), Optional.of(List.of(" ", "")), 16, 32))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not set");
    }

    @Test
    void missingApiKeysStopTheStart() {
        assertThatThrownBy(() -> Credentials.from(Optional.empty(), Optional.of(List.of(SECRET)), 16, 32))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("YGG_API_KEYS");
    }

    @Test
    void aShortSecretStopsTheStartWithoutRevealingIt() {
        String shortSecret = "shared_secret_key"; // the spec's example: 17 characters
        assertThatThrownBy(() -> Credentials.from(Optional.of(List.of(KEY)), Optional.of(List.of(SECRET, shortSecret)),
                16, 32))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shared secret #2 is shorter than 32 characters")
                .message().doesNotContain(shortSecret).doesNotContain(SECRET);
    }

    @Test
    void aShortApiKeyStopsTheStartWithoutRevealingIt() {
        assertThatThrownBy(() -> Credentials.from(Optional.of(List.of("your_api_key")), Optional.of(List.of(SECRET)),
                16, 32))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("API key #1 is shorter than 16 characters")
                .message().doesNotContain("your_api_key");
    }

    @Test
    void severalKeysAndSecretsAreAcceptedForRotationAndTheFirstSecretSigns() {
        String previous = "fedcba9876543210fedcba9876543210fedcba9876543210";
        Credentials credentials = Credentials.from(Optional.of(List.of(KEY, " next-partner-api-key-02 ")),
                Optional.of(List.of(SECRET, previous)), 16, 32);

        assertThat(credentials.apiKeys().indexOf("next-partner-api-key-02")).isEqualTo(1);
        assertThat(credentials.hmac().secretCount()).isEqualTo(2);
        String signature = credentials.hmac().sign("POST", "/p", "id", "{}");
        assertThat(com.partnerplatform.ygg.hmac.YggHmac.of(SECRET).verify("POST", "/p", "id", "{}", signature)).isTrue();
        assertThat(credentials.toString()).doesNotContain(SECRET).doesNotContain(KEY);
    }
}
