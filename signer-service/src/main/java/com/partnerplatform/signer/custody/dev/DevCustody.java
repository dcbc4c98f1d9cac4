package com.partnerplatform.signer.custody.dev;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.partnerplatform.signer.custody.CustodyHealth;
import com.partnerplatform.signer.custody.CustodyKey;
import com.partnerplatform.signer.custody.KeyCustody;
import com.partnerplatform.ycmt.signatures.InMemorySigningKey;
import com.partnerplatform.ycmt.signatures.SigningException;
import com.partnerplatform.ycmt.signatures.SigningKey;

/**
 * Ephemeral RSA keys in this JVM's heap, for the local platform and tests only. Keys die with the
 * process, so every start begins with a new kid; {@link DevCustodyGuard} keeps this out of prod.
 */
public final class DevCustody implements KeyCustody {

    private final String namespace;
    private final int bits;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Held> keys = new LinkedHashMap<>();

    private record Held(InMemorySigningKey key, CustodyKey info) {
    }

    public DevCustody(String kidPrefix, int bits, Clock clock) {
        this.namespace = kidPrefix + "dev-";
        this.bits = bits;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "dev";
    }

    @Override
    public synchronized List<CustodyKey> keys() {
        List<CustodyKey> list = new ArrayList<>();
        keys.values().forEach(h -> list.add(h.info()));
        return list;
    }

    @Override
    public boolean owns(String kid) {
        return kid.startsWith(namespace);
    }

    @Override
    public synchronized Optional<SigningKey> signingKey(String kid) {
        Held held = keys.get(kid);
        return held == null ? Optional.empty() : Optional.of(held.key());
    }

    @Override
    public CustodyKey createKey() {
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        String kid = namespace + clock.instant().getEpochSecond() + "-" + HexFormat.of().formatHex(suffix);
        InMemorySigningKey key = InMemorySigningKey.generate(kid, bits);
        CustodyKey info = new CustodyKey(kid, key.publicKey(), clock.instant());
        synchronized (this) {
            keys.put(kid, new Held(key, info));
        }
        return info;
    }

    @Override
    public List<byte[]> signBatch(String kid, List<byte[]> signingInputs) throws SigningException {
        SigningKey key = signingKey(kid).orElseThrow(() -> new SigningException("dev custody holds no key " + kid));
        List<byte[]> signatures = new ArrayList<>(signingInputs.size());
        for (byte[] input : signingInputs) {
            signatures.add(key.sign(input));
        }
        return signatures;
    }

    @Override
    public synchronized void destroy(String kid) {
        keys.remove(kid);
    }

    @Override
    public CustodyHealth health() {
        return CustodyHealth.up("in-memory keys (dev only)");
    }
}
