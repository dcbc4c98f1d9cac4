package com.partnerplatform.signer.custody.dev;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class DevCustodyGuardTest {

    @Test
    void theDevCustodyIsRefusedInTheProdProfile() {
        assertThatThrownBy(() -> DevCustodyGuard.requireNotProduction(List.of("prod")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refused in the prod profile");
    }

    @Test
    void theDevCustodyIsRefusedWhenProdIsOneOfSeveralProfiles() {
        assertThatThrownBy(() -> DevCustodyGuard.requireNotProduction(List.of("kubernetes", "PROD")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theDevCustodyIsAllowedInDevAndTest() {
        assertThatCode(() -> DevCustodyGuard.requireNotProduction(List.of("dev"))).doesNotThrowAnyException();
        assertThatCode(() -> DevCustodyGuard.requireNotProduction(List.of("test"))).doesNotThrowAnyException();
    }
}
