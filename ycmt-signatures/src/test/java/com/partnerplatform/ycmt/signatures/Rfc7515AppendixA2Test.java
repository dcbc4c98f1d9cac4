package com.partnerplatform.ycmt.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * RFC 7515 Appendix A.2, the published RS256 example. Its header has no kid and its payload is not
 * JCS-canonical, so as a whole it is not a profile JWS: the raw RS256 step is checked with its JWK,
 * and the checklist is shown to stop at the header.
 */
class Rfc7515AppendixA2Test {

    static final String N = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
    static final String HEADER = "eyJhbGciOiJSUzI1NiJ9";
    static final String PAYLOAD = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    static final String SIGNATURE = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

    private static final Jwk KEY = Jwk.parse("{\"kty\":\"RSA\",\"kid\":\"2011-04-29\",\"n\":\"" + N + "\",\"e\":\"AQAB\"}");

    @Test
    void theRfcExampleSignatureVerifiesWithOurRs256Step() {
        byte[] input = (HEADER + "." + PAYLOAD).getBytes(StandardCharsets.US_ASCII);

        assertThat(Rs256.verify(KEY.publicKey(), input, Base64Url.decode(SIGNATURE, "signature"))).isTrue();
    }

    @Test
    void theRfcExampleSignatureFailsOverAChangedPayload() {
        String changed = PAYLOAD.substring(0, PAYLOAD.length() - 2) + "fR";
        byte[] input = (HEADER + "." + changed).getBytes(StandardCharsets.US_ASCII);

        assertThat(Rs256.verify(KEY.publicKey(), input, Base64Url.decode(SIGNATURE, "signature"))).isFalse();
    }

    @Test
    void theRfcExampleDecodesToItsPublishedTexts() {
        assertThat(new String(Base64.getUrlDecoder().decode(HEADER), StandardCharsets.UTF_8)).isEqualTo("{\"alg\":\"RS256\"}");
        assertThat(new String(Base64.getUrlDecoder().decode(PAYLOAD), StandardCharsets.UTF_8))
                .isEqualTo("{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}");
    }

    @Test
    void theChecklistStopsAtTheHeaderBecauseTheRfcExampleHasNoKid() {
        VerificationReport report = new LocalVerifier(Jwks.of(KEY), Clock.systemUTC())
                .verify(HEADER + "." + PAYLOAD + "." + SIGNATURE, Artefact.QUOTE);

        assertThat(report.ok()).isFalse();
        assertThat(report.firstFailure().orElseThrow().number()).isEqualTo(2);
        assertThat(report.firstFailure().orElseThrow().detail()).contains("'kid' is missing");
    }
}
