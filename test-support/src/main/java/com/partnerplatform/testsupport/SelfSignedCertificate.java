package com.partnerplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed RSA certificate for localhost and 127.0.0.1 and its private key, as PEM files made by openssl
 * (installed by .ci/install-prereqs.sh). The certificate is its own trust anchor: a client that trusts it can
 * verify the server's name as well as its chain.
 */
public record SelfSignedCertificate(Path certificate, Path key) {

    /** Writes {@code tls.crt} and {@code tls.key} (readable by the owner only) into {@code directory}. */
    public static SelfSignedCertificate forLocalhost(Path directory) {
        SelfSignedCertificate made = new SelfSignedCertificate(directory.resolve("tls.crt"), directory.resolve("tls.key"));
        try {
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", made.key().toString(), "-out", made.certificate().toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("openssl.log").toFile()).start();
            if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IllegalStateException("openssl could not make a certificate; see " + directory.resolve("openssl.log"));
            }
            // PostgreSQL refuses a key file that others may read
            Files.setPosixFilePermissions(made.key(), PosixFilePermissions.fromString("rw-------"));
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run openssl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
