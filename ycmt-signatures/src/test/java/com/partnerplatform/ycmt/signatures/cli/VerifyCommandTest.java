package com.partnerplatform.ycmt.signatures.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.CompactJws;
import com.partnerplatform.ycmt.signatures.Fixtures;
import com.partnerplatform.ycmt.signatures.Jwk;
import com.partnerplatform.ycmt.signatures.SigningKey;
import com.partnerplatform.ycmt.signatures.device.TransferAssertionBuilder;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

    static final String DURING = Long.toString(Fixtures.DURING_VALIDITY.instant().getEpochSecond());

    @TempDir
    Path dir;
    Path jwks;
    Path quote;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void files() throws Exception {
        jwks = Files.writeString(dir.resolve("jwks.json"), Fixtures.jwks().toJson());
        quote = Files.writeString(dir.resolve("quote.jws"), CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), Fixtures.rsa2048()) + "\n");
    }

    private int run(String... args) {
        return VerifyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validQuoteExitsZeroAndPrintsEveryStepAsPass() {
        int status = run("verify", "--jwks", jwks.toString(), "--jws", quote.toString(), "--now", DURING);

        assertThat(status).as(stdout()).isZero();
        List<String> stepLines = stdout().lines().filter(l -> l.matches("^\\s*\\d+ .*")).toList();
        assertThat(stepLines).hasSize(10).allMatch(l -> l.contains(" PASS "));
        assertThat(stdout()).contains("confirm kid exists in active JWKS").endsWith("RESULT: VALID" + System.lineSeparator());
    }

    @Test
    void tamperedQuoteExitsOneAndPrintsTheFailingStep() throws Exception {
        String[] parts = Files.readString(quote).strip().split("\\.");
        Map<String, Object> changed = Fixtures.quoteClaims();
        changed.put("send_amount", "10.00");
        changed.put("total_consumer_cost", "12.50");
        Files.writeString(quote, parts[0] + "." + Fixtures.b64(new ObjectMapper().writeValueAsString(new java.util.TreeMap<>(changed)))
                + "." + parts[2]);

        int status = run("verify", "--jwks", jwks.toString(), "--jws", quote.toString(), "--now", DURING);

        assertThat(status).isEqualTo(1);
        assertThat(stdout()).containsPattern(" 8 FAIL +verify signature using public key")
                .contains(" 9 SKIPPED").contains("RESULT: INVALID quote.signatureInvalid");
    }

    @Test
    void expiredQuoteExitsOneWithQuoteExpired() {
        String afterExpiry = Long.toString(Fixtures.EXPIRES_AT.getEpochSecond() + 1);
        assertThat(run("verify", "--jwks", jwks.toString(), "--jws", quote.toString(), "--now", afterExpiry)).isEqualTo(1);
        assertThat(stdout()).containsPattern("10 FAIL +confirm not expired").contains("RESULT: INVALID quote.expired");
    }

    @Test
    void fetchesTheJwksFromAUrl() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = Fixtures.jwks().toJson().getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
            assertThat(run("verify", "--jwks", url, "--jws", quote.toString(), "--now", DURING)).as(stdout() + err).isZero();
            assertThat(run("verify", "--jwks", url.replace("jwks.json", "nope"), "--jws", quote.toString())).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("HTTP 404");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aJwksWithAnRsa1024KeyExitsOne() throws Exception {
        RSAPublicKey small = (RSAPublicKey) Fixtures.rsa1024().getPublic();
        byte[] n = small.getModulus().toByteArray();
        String jwk = "{\"kty\":\"RSA\",\"kid\":\"small\",\"n\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOfRange(n, n[0] == 0 ? 1 : 0, n.length))
                + "\",\"e\":\"AQAB\"}";
        Files.writeString(jwks, "{\"keys\":[" + jwk + "," + Jwk.of(Fixtures.rsa2048()).toJson() + "]}");

        assertThat(run("verify", "--jwks", jwks.toString(), "--jws", quote.toString(), "--now", DURING)).isEqualTo(1);
        assertThat(stdout()).contains("JWKS rejected").contains("RSA-1024");
    }

    @Test
    void verifiesADeviceAssertionWithTypeAssertion() throws Exception {
        SigningKey device = Fixtures.key("device-key-001", Fixtures.pair("device", 3072));
        Clock clock = Clock.fixed(Instant.parse("2026-05-11T15:30:00Z"), ZoneOffset.UTC);
        String assertion = new TransferAssertionBuilder(clock).transferId("TRF-1")
                .challenge("c-1", clock.instant().plusSeconds(300)).send(new BigDecimal("100.00"), "EUR")
                .receive(new BigDecimal("1085.00"), "MAD").beneficiaryId("BEN-1").sign(device);
        Files.writeString(jwks, com.partnerplatform.ycmt.signatures.Jwks.of(Jwk.of(device)).toJson());
        Files.writeString(quote, assertion);

        assertThat(run("verify", "--type", "assertion", "--jwks", jwks.toString(), "--jws", quote.toString())).as(stdout()).isZero();
        assertThat(stdout()).containsPattern("10 SKIPPED +confirm not expired");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("check", "--jwks", "a", "--jws", "b")).isEqualTo(2);
        assertThat(run("verify", "--jws", quote.toString())).isEqualTo(2);
        assertThat(run("verify", "--jwks", jwks.toString(), "--jws", quote.toString(), "--type", "token")).isEqualTo(2);
        assertThat(run("verify", "--jwks", jwks.toString(), "--jws", quote.toString(), "--now", "yesterday")).isEqualTo(2);
        assertThat(run("verify", "--jwks", jwks.toString(), "--jws", quote.toString(), "--bogus", "1")).isEqualTo(2);
        assertThat(run("verify", "--jwks", jwks.toString(), "--jws", dir.resolve("missing.jws").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: verify --jwks FILE|URL --jws FILE");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(stdout()).contains("exit status: 0 valid, 1 invalid, 2 usage");
    }
}
