package com.partnerplatform.ygg.hmac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private final ApiKeys keys = ApiKeys.of("your_api_key", "next-api-key-\u00e9");

    @Test
    void acceptsEveryConfiguredKey() {
        assertThat(keys.matches("your_api_key")).isTrue();
        assertThat(keys.matches("next-api-key-\u00e9")).isTrue();
    }

    @Test
    void rejectsOtherKeysIncludingPrefixesAndCaseVariants() {
        assertThat(keys.matches("your_api_ke")).isFalse();
        assertThat(keys.matches("your_api_key ")).isFalse();
        assertThat(keys.matches("YOUR_API_KEY")).isFalse();
        assertThat(keys.matches("")).isFalse();
        assertThat(keys.matches(null)).isFalse();
    }

    @Test
    void indexOfNamesTheConfiguredPositionOfTheMatchingKey() {
        ApiKeys three = ApiKeys.of("key-zero", "key-one", "key-two");

        assertThat(three.indexOf("key-zero")).isZero();
        assertThat(three.indexOf("key-one")).isEqualTo(1);
        assertThat(three.indexOf("key-two")).isEqualTo(2);
        assertThat(three.indexOf("key-three")).isEqualTo(-1);
        assertThat(three.indexOf("")).isEqualTo(-1);
        assertThat(three.indexOf(null)).isEqualTo(-1);
    }

    @Test
    void refusesAnEmptyOrBlankConfiguration() {
        assertThatThrownBy(() -> new ApiKeys(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeys.of("ok", " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringRevealsNoKey() {
        assertThat(keys.toString()).isEqualTo("ApiKeys[count=2]");
    }
}
