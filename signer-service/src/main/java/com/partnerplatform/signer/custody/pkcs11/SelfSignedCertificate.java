package com.partnerplatform.signer.custody.pkcs11;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A minimal X.509 v1 certificate (CN=kid, self-signed with SHA256withRSA by the token key). A
 * PKCS#11 KeyStore lists only private keys stored with a certificate; nothing trusts this one,
 * it just carries the public key and the creation time next to the private key in the token.
 */
final class SelfSignedCertificate {

    private static final byte[] SHA256_WITH_RSA = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00};
    private static final byte[] OID_COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private SelfSignedCertificate() {
    }

    static X509Certificate create(String commonName, PublicKey publicKey, PrivateKey privateKey, Provider provider,
            Instant notBefore, Instant notAfter) throws GeneralSecurityException {
        byte[] name = der(0x30, der(0x31, der(0x30, OID_COMMON_NAME, der(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
        byte[] serial = der(0x02, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray());
        byte[] validity = der(0x30, time(notBefore), time(notAfter));
        byte[] tbs = der(0x30, serial, SHA256_WITH_RSA, name, validity, name, publicKey.getEncoded());
        Signature signer = Signature.getInstance("SHA256withRSA", provider);
        signer.initSign(privateKey);
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] certificate = der(0x30, tbs, SHA256_WITH_RSA, der(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
    }

    private static byte[] time(Instant instant) {
        int year = instant.atZone(ZoneOffset.UTC).getYear();
        return year < 2050
                ? der(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII))
                : der(0x18, GENERALIZED_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] der(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            body.writeBytes(c);
        }
        int length = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
