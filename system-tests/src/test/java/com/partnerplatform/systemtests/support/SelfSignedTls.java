package com.partnerplatform.systemtests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate and its private key as PEM files, made with the JDK's keytool, so
 * that a service started in the prod profile has valid TLS material and refuses (or not) for
 * the reason under test only.
 */
public record SelfSignedTls(Path certificate, Path privateKey) {

    public static SelfSignedTls create(Path directory) {
        try {
            Files.createDirectories(directory);
            Path keystore = directory.resolve("tls.p12");
            Files.deleteIfExists(keystore);
            String password = "changeit-" + PlantedSecrets.marker(8);
            Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "tls", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", keystore.toString(), "-storepass", password)).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, password.toCharArray());
            }
            Path cert = directory.resolve("tls.crt");
            Path key = directory.resolve("tls.key");
            Files.writeString(cert, pem("CERTIFICATE", store.getCertificate("tls").getEncoded()));
            Files.writeString(key, pem("PRIVATE KEY", store.getKey("tls", password.toCharArray()).getEncoded()));
            return new SelfSignedTls(cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
