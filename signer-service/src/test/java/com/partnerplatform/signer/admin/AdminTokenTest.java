package com.partnerplatform.signer.admin;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.partnerplatform.runtime.problem.ProblemException;

class AdminTokenTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef-admin";
    private final AdminToken token = AdminToken.of(Optional.of(TOKEN));

    @Test
    void theConfiguredBearerTokenIsAccepted() {
        assertThatCode(() -> token.require("Bearer " + TOKEN)).doesNotThrowAnyException();
        assertThatCode(() -> token.require("bearer " + TOKEN)).doesNotThrowAnyException();
    }

    @Test
    void aMissingWrongOrPrefixedTokenIsUnauthorized() {
        for (String header : new String[] {null, "", "Bearer", "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1),
            "Basic " + TOKEN, TOKEN}) {
            assertThatThrownBy(() -> token.require(header)).as(String.valueOf(header))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(401);
                        org.assertj.core.api.Assertions.assertThat(e.headers()).containsKey("WWW-Authenticate");
                    });
        }
    }

    @Test
    void withoutAConfiguredTokenTheAdminApiIsDisabled() {
        AdminToken disabled = AdminToken.of(Optional.empty());
        assertThatThrownBy(() -> disabled.require("Bearer anything"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void aShortTokenIsRefusedAtStart() {
        assertThatThrownBy(() -> AdminToken.of(Optional.of("short"))).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("short");
    }
}
