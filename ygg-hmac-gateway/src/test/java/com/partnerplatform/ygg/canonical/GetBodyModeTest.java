package com.partnerplatform.ygg.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GetBodyModeTest {

    @Test
    void defaultSignsStringifyOfTheEmptyStringThatIsTwoQuotes() {
        assertThat(GetBodyMode.DEFAULT.canonicalBody()).isEqualTo("\"\"");
    }

    @Test
    void emptyModeSignsNothing() {
        assertThat(GetBodyMode.EMPTY.canonicalBody()).isEmpty();
    }

    @Test
    void configurationValuesAreReadCaseInsensitively() {
        assertThat(GetBodyMode.fromConfig("stringified-empty-string")).isEqualTo(GetBodyMode.STRINGIFIED_EMPTY_STRING);
        assertThat(GetBodyMode.fromConfig(" EMPTY ")).isEqualTo(GetBodyMode.EMPTY);
    }

    @Test
    void unknownConfigurationValueIsRejected() {
        assertThatThrownBy(() -> GetBodyMode.fromConfig("none")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GetBodyMode.fromConfig(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
