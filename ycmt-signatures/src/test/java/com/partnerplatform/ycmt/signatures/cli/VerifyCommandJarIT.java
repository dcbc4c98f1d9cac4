package com.partnerplatform.ycmt.signatures.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.CompactJws;
import com.partnerplatform.ycmt.signatures.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar exactly as documented: {@code java -jar ...-cli.jar verify ...}. */
class VerifyCommandJarIT {

    @TempDir
    Path dir;

    private Result java(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("cli.jar"));
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path output = dir.resolve("out.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    record Result(int status, String output) {
    }

    @Test
    void theCliJarVerifiesAQuoteAndRejectsAnExpiredOne() throws Exception {
        Path jwks = Files.writeString(dir.resolve("jwks.json"), Fixtures.jwks().toJson());
        Path jws = Files.writeString(dir.resolve("q.jws"), CompactJws.sign(Artefact.QUOTE, Fixtures.quoteClaims(), Fixtures.rsa3072()));

        Result valid = java("verify", "--jwks", jwks.toString(), "--jws", jws.toString(), "--now", VerifyCommandTest.DURING);
        Result expired = java("verify", "--jwks", jwks.toString(), "--jws", jws.toString(), "--now", "1893456000");
        Result usage = java("verify");

        assertThat(valid.status()).as(valid.output()).isZero();
        assertThat(valid.output()).contains("RESULT: VALID");
        assertThat(expired.status()).isEqualTo(1);
        assertThat(expired.output()).contains("RESULT: INVALID quote.expired");
        assertThat(usage.status()).isEqualTo(2);
    }
}
