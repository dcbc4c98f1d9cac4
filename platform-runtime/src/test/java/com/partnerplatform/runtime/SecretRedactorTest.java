package com.partnerplatform.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.partnerplatform.runtime.redaction.SecretRedactor;

class SecretRedactorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bearer token            | Authorization: Bearer abc.def-ghi_jkl                 | abc.def-ghi_jkl",
        "bare bearer             | sent bearer Zm9vYmFyYmF6cXV4 upstream                 | Zm9vYmFyYmF6cXV4",
        "compact JWS             | jws=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl | eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
        "webhook secret          | using whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw now       | MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "webhook signature       | header v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= | g0hM9SsE+OTPJTGt",
        "api key header          | X-API-KEY: live_key_1234567                           | live_key_1234567",
        "hmac hex                | sig 92aa703cc483ea2cc90488c05e699179aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ok | 92aa703cc483ea2cc",
        "password field          | password=hunter2hunter2                               | hunter2hunter2",
        "json secret field       | {\"sharedSecret\":\"s3cr3t-value\"}                     | s3cr3t-value",
        "jwk private exponent    | {\"kty\":\"RSA\",\"d\":\"private-exponent-bytes\"}         | private-exponent-bytes",
        "vault signature         | got vault:v3:MEUCIQDdeadbeefdeadbeef                  | MEUCIQDdeadbeefdeadbeef",
    })
    void maskesThePlantedSecret(String kind, String line, String secret) {
        String redacted = SecretRedactor.redact(line);

        assertThat(redacted).doesNotContain(secret).contains(SecretRedactor.MASK);
    }

    @org.junit.jupiter.api.Test
    void masksAWholePemPrivateKey() {
        String pem = "bad request body: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY----- end";

        assertThat(SecretRedactor.redact(pem)).doesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC").endsWith(" end");
    }

    @org.junit.jupiter.api.Test
    void leavesOrdinaryTextAlone() {
        String line = "quote QT-PARTNER-2026-05-11-0000000123 signed with kid pr-key-01 in 4 ms";

        assertThat(SecretRedactor.redact(line)).isEqualTo(line);
    }
}
