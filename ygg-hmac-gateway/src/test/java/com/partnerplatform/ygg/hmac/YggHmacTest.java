package com.partnerplatform.ygg.hmac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YggHmacTest {

    private static final String METHOD = "POST";
    private static final String PATH = "/api/v1/deduct-points-by-address";
    private static final String REQUEST_ID = "01870603-f211-7b9a-a7ea-4a98f5320ff8";
    private static final String BODY = "{\"address\":\"0x123456\",\"points\":1000}";

    private final YggHmac hmac = YggHmac.of("current-secret", "previous-secret");

    @Test
    void isHmacSha256InLowercaseHexPerRfc4231() {
        // RFC 4231 test case 2
        assertThat(YggHmac.of("Jefe").signPayload("what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void payloadIsMethodPathRequestIdAndBodyConcatenated() {
        assertThat(YggHmac.payload(METHOD, PATH, REQUEST_ID, BODY)).isEqualTo(METHOD + PATH + REQUEST_ID + BODY);
        assertThat(hmac.sign(METHOD, PATH, REQUEST_ID, BODY))
                .isEqualTo(hmac.signPayload(METHOD + PATH + REQUEST_ID + BODY));
    }

    @Test
    void verifiesItsOwnSignature() {
        String signature = hmac.sign(METHOD, PATH, REQUEST_ID, BODY);

        assertThat(hmac.verify(METHOD, PATH, REQUEST_ID, BODY, signature)).isTrue();
    }

    @Test
    void acceptsUppercaseAndMixedCaseHex() {
        String signature = hmac.sign(METHOD, PATH, REQUEST_ID, BODY);
        StringBuilder mixed = new StringBuilder(signature);
        for (int i = 0; i < mixed.length(); i += 2) {
            mixed.setCharAt(i, Character.toUpperCase(mixed.charAt(i)));
        }

        assertThat(hmac.verify(METHOD, PATH, REQUEST_ID, BODY, signature.toUpperCase(Locale.ROOT))).isTrue();
        assertThat(hmac.verify(METHOD, PATH, REQUEST_ID, BODY, mixed.toString())).isTrue();
    }

    @Test
    void acceptsSignaturesMadeWithAPreviousSecretDuringRotation() {
        String signedWithOld = YggHmac.of("previous-secret").sign(METHOD, PATH, REQUEST_ID, BODY);

        assertThat(hmac.verify(METHOD, PATH, REQUEST_ID, BODY, signedWithOld)).isTrue();
    }

    @Test
    void signsWithTheCurrentSecretOnly() {
        String signature = hmac.sign(METHOD, PATH, REQUEST_ID, BODY);

        assertThat(YggHmac.of("current-secret").verify(METHOD, PATH, REQUEST_ID, BODY, signature)).isTrue();
        assertThat(YggHmac.of("previous-secret").verify(METHOD, PATH, REQUEST_ID, BODY, signature)).isFalse();
    }

    @Test
    void rejectsASignatureMadeWithAnUnknownSecret() {
        String forged = YggHmac.of("attacker-secret").sign(METHOD, PATH, REQUEST_ID, BODY);

        assertThat(hmac.verify(METHOD, PATH, REQUEST_ID, BODY, forged)).isFalse();
    }

    @Test
    void anyChangeToMethodPathRequestIdOrBodyInvalidatesTheSignature() {
        String signature = hmac.sign(METHOD, PATH, REQUEST_ID, BODY);

        assertThat(hmac.verify("PUT", PATH, REQUEST_ID, BODY, signature)).isFalse();
        assertThat(hmac.verify(METHOD, PATH + "x", REQUEST_ID, BODY, signature)).isFalse();
        assertThat(hmac.verify(METHOD, PATH, REQUEST_ID.replace('8', '9'), BODY, signature)).isFalse();
        assertThat(hmac.verify(METHOD, PATH, REQUEST_ID, BODY.replace("1000", "1001"), signature)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 62, 63})
    void aSingleFlippedHexDigitAnywhereIsRejected(int index) {
        String signature = hmac.sign(METHOD, PATH, REQUEST_ID, BODY);
        char c = signature.charAt(index);
        String tampered = signature.substring(0, index) + (c == '0' ? '1' : '0') + signature.substring(index + 1);

        assertThat(hmac.verify(METHOD, PATH, REQUEST_ID, BODY, tampered)).isFalse();
    }

    @Test
    void rejectsSignaturesOfTheWrongLength() {
        String signature = hmac.sign(METHOD, PATH, REQUEST_ID, BODY);

        assertThat(hmac.verify(METHOD, PATH, REQUEST_ID, BODY, signature.substring(1))).isFalse();
        assertThat(hmac.verify(METHOD, PATH, REQUEST_ID, BODY, signature + "0")).isFalse();
        assertThat(hmac.verify(METHOD, PATH, REQUEST_ID, BODY, "")).isFalse();
        assertThat(hmac.verify(METHOD, PATH, REQUEST_ID, BODY, null)).isFalse();
    }

    @Test
    void rejectsNonHexCharactersOfTheRightLength() {
        String signature = hmac.sign(METHOD, PATH, REQUEST_ID, BODY);
        for (char bad : new char[] {'g', 'G', ' ', '\u0663', ':', '`', '@', '/'}) {
            String tampered = bad + signature.substring(1);
            assertThat(hmac.verify(METHOD, PATH, REQUEST_ID, BODY, tampered)).as("with '%s'", bad).isFalse();
        }
    }

    @Test
    void oneInstanceSignsAndVerifiesCorrectlyFromManyThreadsAtOnce() throws Exception {
        String expected = hmac.sign(METHOD, PATH, REQUEST_ID, BODY);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    boolean ok = true;
                    for (int i = 0; i < 2_000; i++) {
                        ok &= hmac.sign(METHOD, PATH, REQUEST_ID, BODY).equals(expected)
                                && hmac.verify(METHOD, PATH, REQUEST_ID, BODY, expected);
                    }
                    return ok;
                }));
            }
            for (java.util.concurrent.Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsMissingOrBlankSecrets() {
        assertThatThrownBy(() -> new YggHmac(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> YggHmac.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> YggHmac.of("ok", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringRevealsNoSecret() {
        assertThat(hmac.toString()).doesNotContain("current-secret").doesNotContain("previous-secret").isEqualTo("YggHmac[secrets=2]");
    }
}
