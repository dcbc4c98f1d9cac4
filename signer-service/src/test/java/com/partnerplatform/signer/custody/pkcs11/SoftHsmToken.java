package com.partnerplatform.signer.custody.pkcs11;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prepares a SoftHSM2 token for a test run. SoftHSM reads SOFTHSM2_CONF from the process
 * environment when the PKCS#11 library initialises, and a JVM cannot change its own environment,
 * so surefire sets SOFTHSM2_CONF (to target/softhsm/softhsm2.conf) and this helper writes that
 * file and the token directory before the library is first loaded. Without softhsm2-util the test
 * is skipped, except on CI (CI=true), where it fails: run .ci/install-softhsm.sh.
 */
public final class SoftHsmToken {

    public static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";

    private SoftHsmToken() {
    }

    /** The softhsm2.conf this JVM was started with, prepared; skips or fails when SoftHSM is missing. */
    public static Path prepareConfig() throws IOException {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/softhsm2-util")) && Files.exists(Path.of(LIBRARY));
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("SoftHSM2 is not installed on this CI machine: run .ci/install-softhsm.sh");
        }
        assumeTrue(installed, "SoftHSM2 not installed (run .ci/install-softhsm.sh); PKCS#11 tests skipped");
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not in this JVM's environment (surefire sets it)");
        }
        Path config = Path.of(conf);
        Path tokens = config.getParent().resolve("tokens");
        Files.createDirectories(tokens);
        Files.writeString(config, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n"
                + "slots.removable = false\n");
        return config;
    }

    /** Initialises a new token with {@code label} in the first free slot. */
    public static void initToken(Path config, String label, String pin) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("softhsm2-util", "--init-token", "--free", "--label", label,
                "--pin", pin, "--so-pin", pin + "-so")).redirectErrorStream(true);
        builder.environment().put("SOFTHSM2_CONF", config.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("softhsm2-util --init-token failed: " + output);
        }
    }
}
