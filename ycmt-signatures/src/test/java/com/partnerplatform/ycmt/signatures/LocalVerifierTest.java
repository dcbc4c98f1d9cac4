package com.partnerplatform.ycmt.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalVerifierTest {

    private static final String HEADER = "{\"alg\":\"RS256\",\"kid\":\"pr-key-01\",\"typ\":\"JWT\"}";
    private final LocalVerifier verifier = new LocalVerifier(Fixtures.jwks(), Fixtures.DURING_VALIDITY);

    private static PrivateKey privateKey() {
        return Fixtures.pair2048().getPrivate();
    }

    private static String canonical(Map<String, Object> claims) {
        return new String(Jcs.canonicalize(claims), StandardCharsets.UTF_8);
    }

    private static String signedQuote() throws Exception {
        return CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), Fixtures.rsa2048());
    }

    private VerificationReport verify(String jws) {
        return verifier.verify(jws, Artefact.QUOTE);
    }

    private static void assertFailsAt(VerificationReport report, int step, ErrorCode code, String detail) {
        assertThat(report.ok()).isFalse();
        assertThat(report.errorCode()).contains(code);
        VerificationReport.Step failed = report.firstFailure().orElseThrow();
        assertThat(failed.number()).as(report.toString()).isEqualTo(step);
        assertThat(failed.detail()).contains(detail);
        assertThat(report.steps()).hasSize(10);
        assertThat(report.steps().subList(0, step - 1)).allMatch(s -> s.status() == VerificationReport.Status.PASS);
        assertThat(report.steps().subList(step, 10)).allMatch(s -> s.status() == VerificationReport.Status.SKIPPED);
        assertThat(report.claims()).isEmpty();
    }

    @Test
    void aSignedQuotePassesAllTenStepsAndYieldsItsClaims() throws Exception {
        VerificationReport report = verify(signedQuote());

        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.steps()).extracting(VerificationReport.Step::status).containsOnly(VerificationReport.Status.PASS);
        assertThat(report.steps()).extracting(VerificationReport.Step::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(report.kid()).contains("pr-key-01");
        assertThat(QuoteClaims.fromClaims(report.claims())).isEqualTo(Fixtures.quote());
        assertThat(report.toString()).endsWith("RESULT: VALID");
    }

    @Test
    void aQuoteSignedWithTheRsa3072KeyVerifies() throws Exception {
        String jws = CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), Fixtures.rsa3072());
        assertThat(verify(jws).ok()).isTrue();
    }

    // step 1

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "a.b.c.d", "", "a..c", "a.b."})
    void step1RejectsAnythingButThreeNonEmptyParts(String jws) {
        assertFailsAt(verify(jws), 1, ErrorCode.QUOTE_SIGNATURE_INVALID, "");
    }

    // step 2

    @ParameterizedTest
    @ValueSource(strings = {"crit", "x5c", "x5t", "x5u", "jku", "jwk"})
    void step2RejectsEachForbiddenHeaderParameterEvenWhenTheSignatureIsValid(String parameter) throws Exception {
        String header = "{\"alg\":\"RS256\",\"" + parameter + "\":[\"x\"],\"kid\":\"pr-key-01\",\"typ\":\"JWT\"}";
        String jws = Fixtures.rawJws(header, canonical(Fixtures.quoteClaims()), privateKey());

        assertFailsAt(verify(jws), 2, ErrorCode.QUOTE_SIGNATURE_INVALID, "forbidden header parameter '" + parameter + "'");
    }

    @Test
    void step2RejectsAnyOtherHeaderParameterBecauseTheHeaderIsClosed() throws Exception {
        String header = "{\"alg\":\"RS256\",\"cty\":\"JWT\",\"kid\":\"pr-key-01\",\"typ\":\"JWT\"}";
        String jws = Fixtures.rawJws(header, canonical(Fixtures.quoteClaims()), privateKey());

        assertFailsAt(verify(jws), 2, ErrorCode.QUOTE_SIGNATURE_INVALID, "unexpected header parameter 'cty'");
    }

    @Test
    void step2RejectsADuplicatedHeaderParameter() throws Exception {
        String header = "{\"alg\":\"none\",\"alg\":\"RS256\",\"kid\":\"pr-key-01\"}";
        String jws = Fixtures.rawJws(header, canonical(Fixtures.quoteClaims()), privateKey());

        assertFailsAt(verify(jws), 2, ErrorCode.QUOTE_SIGNATURE_INVALID, "duplicate key");
    }

    @Test
    void step2RejectsAHeaderWithoutKid() throws Exception {
        String jws = Fixtures.rawJws("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", canonical(Fixtures.quoteClaims()), privateKey());
        assertFailsAt(verify(jws), 2, ErrorCode.QUOTE_SIGNATURE_INVALID, "'kid' is missing");
    }

    @Test
    void step2RejectsATypOtherThanJwt() throws Exception {
        String jws = Fixtures.rawJws("{\"alg\":\"RS256\",\"kid\":\"pr-key-01\",\"typ\":\"JOSE\"}", canonical(Fixtures.quoteClaims()), privateKey());
        assertFailsAt(verify(jws), 2, ErrorCode.QUOTE_SIGNATURE_INVALID, "'typ' must be \"JWT\"");
    }

    @Test
    void step2RejectsAPaddedHeader() throws Exception {
        String jws = signedQuote();
        String padded = "eyJhbGciOiJSUzI1NiIsImtpZCI6InByLWtleS0wMSIsInR5cCI6IkpXVCJ9".equals(jws.split("\\.")[0])
                ? jws.replaceFirst("\\.", "=.") : null;
        assertThat(padded).isNotNull();
        assertFailsAt(verify(padded), 2, ErrorCode.QUOTE_SIGNATURE_INVALID, "padding");
    }

    @Test
    void step2RejectsTheStandardBase64Alphabet() throws Exception {
        // "?>" encodes to "Pz4" in standard base64 and "Pz4" in base64url; "??" has '/' in standard
        String header = Fixtures.b64(HEADER).replace('_', '/').replace('-', '+') + "+";
        String jws = header + "." + signedQuote().split("\\.", 2)[1];
        assertFailsAt(verify(jws), 2, ErrorCode.QUOTE_SIGNATURE_INVALID, "outside the URL-safe alphabet");
    }

    // step 3

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "PS256", "RS512", "rs256"})
    void step3RejectsEveryAlgButRs256(String alg) throws Exception {
        String header = "{\"alg\":\"" + alg + "\",\"kid\":\"pr-key-01\",\"typ\":\"JWT\"}";
        String jws = Fixtures.rawJws(header, canonical(Fixtures.quoteClaims()), privateKey());
        assertFailsAt(verify(jws), 3, ErrorCode.QUOTE_SIGNATURE_INVALID, "alg is not RS256");
    }

    // step 4

    @Test
    void step4RejectsAKidThatIsNotInTheJwks() throws Exception {
        String header = "{\"alg\":\"RS256\",\"kid\":\"pr-key-99\",\"typ\":\"JWT\"}";
        String jws = Fixtures.rawJws(header, canonical(Fixtures.quoteClaims()), privateKey());
        assertFailsAt(verify(jws), 4, ErrorCode.QUOTE_SIGNATURE_INVALID, "kid pr-key-99 is not in the JWKS");
    }

    @Test
    void step4RejectsAKeyThatWasRotatedOutOfTheJwks() throws Exception {
        LocalVerifier afterRotation = new LocalVerifier(Jwks.of(Jwk.of(Fixtures.rsa3072())), Fixtures.DURING_VALIDITY);
        assertFailsAt(afterRotation.verify(signedQuote(), Artefact.QUOTE), 4, ErrorCode.QUOTE_SIGNATURE_INVALID, "pr-key-01");
    }

    // step 5

    @Test
    void step5RejectsAPayloadThatIsNotJson() throws Exception {
        assertFailsAt(verify(Fixtures.rawJws(HEADER, "quote=123", privateKey())), 5, ErrorCode.QUOTE_SIGNATURE_INVALID, "not valid JSON");
    }

    @Test
    void step5RejectsAPayloadWithDuplicateClaims() throws Exception {
        String payload = canonical(Fixtures.quoteClaims()).replace("{\"beneficiary_country\":\"MA\",",
                "{\"beneficiary_country\":\"MA\",\"beneficiary_country\":\"SN\",");
        assertFailsAt(verify(Fixtures.rawJws(HEADER, payload, privateKey())), 5, ErrorCode.QUOTE_SIGNATURE_INVALID, "duplicate key");
    }

    @Test
    void step5RejectsAPayloadThatIsNotAnObject() throws Exception {
        assertFailsAt(verify(Fixtures.rawJws(HEADER, "[1,2]", privateKey())), 5, ErrorCode.QUOTE_SIGNATURE_INVALID, "not a JSON object");
    }

    @Test
    void step5RejectsMalformedUtf8() throws Exception {
        String input = Fixtures.b64(HEADER) + "." + Fixtures.b64(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'});
        String jws = input + "." + Fixtures.b64(Fixtures.rawSign(privateKey(), input));
        assertFailsAt(verify(jws), 5, ErrorCode.QUOTE_SIGNATURE_INVALID, "UTF-8");
    }

    // step 6

    @Test
    void step6RejectsAPrettyPrintedPayloadEvenWithAValidSignature() throws Exception {
        String pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(new TreeMap<>(Fixtures.quoteClaims()));
        assertFailsAt(verify(Fixtures.rawJws(HEADER, pretty, privateKey())), 6, ErrorCode.QUOTE_SIGNATURE_INVALID, "not the JCS canonical form");
    }

    @Test
    void step6RejectsAReorderedPayloadEvenWithAValidSignature() throws Exception {
        String specOrder = new ObjectMapper().writeValueAsString(Fixtures.quoteClaims());
        assertThat(specOrder).startsWith("{\"quote_signature_v1\"");
        assertFailsAt(verify(Fixtures.rawJws(HEADER, specOrder, privateKey())), 6, ErrorCode.QUOTE_SIGNATURE_INVALID, "first difference at byte 2");
    }

    @Test
    void step6RejectsANonCanonicalNumberSpelling() throws Exception {
        String payload = canonical(Fixtures.quoteClaims()).replace("\"partner_quote_seq\":123", "\"partner_quote_seq\":1.23e2");
        assertFailsAt(verify(Fixtures.rawJws(HEADER, payload, privateKey())), 6, ErrorCode.QUOTE_SIGNATURE_INVALID, "canonical");
    }

    // step 7

    @Test
    void step7RejectsANonCanonicalBase64urlSpellingOfTheSamePayloadBytes() throws Exception {
        String[] parts = signedQuote().split("\\.");
        // the canonical quote payload is 610 bytes: its base64url text ends in a 2-bit remainder
        assertThat(parts[1].length() % 4).isIn(2, 3);
        char last = parts[1].charAt(parts[1].length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sibling = alphabet.charAt(alphabet.indexOf(last) + 1);
        String jws = parts[0] + "." + parts[1].substring(0, parts[1].length() - 1) + sibling + "." + parts[2];

        assertFailsAt(verify(jws), 7, ErrorCode.QUOTE_SIGNATURE_INVALID, "non-canonical base64url");
    }

    // step 8

    @Test
    void step8RejectsATamperedPayload() throws Exception {
        String[] parts = signedQuote().split("\\.");
        Map<String, Object> tampered = Fixtures.quoteClaims();
        tampered.put("receive_amount", "1185.00");
        String jws = parts[0] + "." + Fixtures.b64(canonical(tampered)) + "." + parts[2];

        assertFailsAt(verify(jws), 8, ErrorCode.QUOTE_SIGNATURE_INVALID, "does not verify under kid pr-key-01");
    }

    @Test
    void step8RejectsASignatureByAnotherKeyUnderTheSameKid() throws Exception {
        String jws = CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), Fixtures.otherRsa2048());
        assertFailsAt(verify(jws), 8, ErrorCode.QUOTE_SIGNATURE_INVALID, "does not verify");
    }

    @Test
    void step8RejectsATruncatedSignature() throws Exception {
        String jws = signedQuote();
        int lastDot = jws.lastIndexOf('.');
        byte[] signature = java.util.Base64.getUrlDecoder().decode(jws.substring(lastDot + 1));
        String truncated = jws.substring(0, lastDot + 1) + Fixtures.b64(java.util.Arrays.copyOf(signature, signature.length - 1));
        assertFailsAt(verify(truncated), 8, ErrorCode.QUOTE_SIGNATURE_INVALID, "does not verify");
    }

    @Test
    void step8RejectsAPaddedSignature() throws Exception {
        assertFailsAt(verify(signedQuote() + "=="), 8, ErrorCode.QUOTE_SIGNATURE_INVALID, "padding");
    }

    @Test
    void aJwsSignedByAnRsa1024KeyCannotVerifyBecauseNoJwksCanHoldThatKey() throws Exception {
        String jws = Fixtures.rawJws("{\"alg\":\"RS256\",\"kid\":\"small\",\"typ\":\"JWT\"}",
                canonical(Fixtures.quoteClaims()), Fixtures.rsa1024().getPrivate());
        assertFailsAt(verify(jws), 4, ErrorCode.QUOTE_SIGNATURE_INVALID, "kid small is not in the JWKS");
    }

    // step 9

    private VerificationReport verifyForged(Map<String, Object> claims) throws Exception {
        return verify(Fixtures.rawJws(HEADER, canonical(claims), privateKey()));
    }

    @Test
    void step9RejectsAMissingClaim() throws Exception {
        Map<String, Object> claims = Fixtures.quoteClaims();
        claims.remove("partner_quote_seq");
        assertFailsAt(verifyForged(claims), 9, ErrorCode.QUOTE_INVALID, "partner_quote_seq: missing required claim");
    }

    @Test
    void step9RejectsTheCamelCaseSubscriptionId() throws Exception {
        Map<String, Object> claims = Fixtures.quoteClaims();
        claims.put("subscriptionId", claims.remove("subscription_id"));
        assertFailsAt(verifyForged(claims), 9, ErrorCode.QUOTE_INVALID,
                "subscriptionId: unexpected claim; quote_signature_v1 has exactly 22 claims (the signed payload uses the snake_case name subscription_id)");
    }

    @Test
    void step9RejectsFloatMoney() throws Exception {
        Map<String, Object> claims = Fixtures.quoteClaims();
        claims.put("send_amount", 100.0);
        assertFailsAt(verifyForged(claims), 9, ErrorCode.QUOTE_INVALID, "send_amount: must be a decimal string");
    }

    @Test
    void step9RejectsMoneyWithTheWrongScale() throws Exception {
        Map<String, Object> claims = Fixtures.quoteClaims();
        claims.put("send_amount", "100.0");
        assertFailsAt(verifyForged(claims), 9, ErrorCode.QUOTE_INVALID, "exactly 2 fraction digits");
    }

    @Test
    void step9RejectsIatThatDiffersFromIssuedAt() throws Exception {
        Map<String, Object> claims = Fixtures.quoteClaims();
        claims.put("iat", 1777102212L);
        assertFailsAt(verifyForged(claims), 9, ErrorCode.QUOTE_INVALID, "iat: must equal issued_at");
    }

    @Test
    void step9RejectsAQuoteVerifiedAsAnotherArtefact() throws Exception {
        VerificationReport report = verifier.verify(signedQuote(), Artefact.TRANSFER_ASSERTION);
        assertFailsAt(report, 9, ErrorCode.DEVICE_INVALID, "auth_signature_v1: missing required claim");
    }

    // step 10

    @Test
    void step10RejectsAQuoteAtItsExpirySecond() throws Exception {
        Clock atExpiry = Clock.fixed(Fixtures.EXPIRES_AT, ZoneOffset.UTC);
        VerificationReport report = new LocalVerifier(Fixtures.jwks(), atExpiry).verify(signedQuote(), Artefact.QUOTE);
        assertFailsAt(report, 10, ErrorCode.QUOTE_EXPIRED, "expired");
        assertThat(report.errorCode().orElseThrow().code()).isEqualTo("quote.expired");
    }

    @Test
    void step10AcceptsAQuoteOneSecondBeforeExpiry() throws Exception {
        Clock justBefore = Clock.fixed(Fixtures.EXPIRES_AT.minusSeconds(1), ZoneOffset.UTC);
        VerificationReport report = new LocalVerifier(Fixtures.jwks(), justBefore).verify(signedQuote(), Artefact.QUOTE);
        assertThat(report.ok()).isTrue();
        assertThat(report.steps().get(9).detail()).contains("1 more seconds");
    }

    @Test
    void reportDetailsNeverContainClaimValues() throws Exception {
        Map<String, Object> claims = Fixtures.quoteClaims();
        claims.put("send_amount", "100.0");
        String text = verifyForged(claims).toString();
        assertThat(text).doesNotContain("SUB-01HX9F2J7K3M5N7P9Q1R3T5V7W", "100.0\"", "QT-PARTNER");
    }

    @Test
    void reportListsEveryStepByTheSpecsNames() throws Exception {
        List<String> names = verify(signedQuote()).steps().stream().map(VerificationReport.Step::name).toList();
        assertThat(names).containsExactly("split compact JWS into three parts", "decode protected header",
                "confirm alg = RS256", "confirm kid exists in active JWKS", "decode payload", "re-canonicalise payload",
                "rebuild signing input", "verify signature using public key", "confirm all required fields exist",
                "confirm not expired");
    }

    @Test
    void keepsExtraInsertionOrderIrrelevantForMapsBuiltInAnyOrder() throws Exception {
        Map<String, Object> reversed = new LinkedHashMap<>();
        List<Map.Entry<String, Object>> entries = List.copyOf(Fixtures.quoteClaims().entrySet());
        for (int i = entries.size() - 1; i >= 0; i--) {
            reversed.put(entries.get(i).getKey(), entries.get(i).getValue());
        }
        assertThat(CompactJws.sign(Artefact.QUOTE, reversed, Fixtures.rsa2048())).isEqualTo(signedQuote());
    }
}
