package com.partnerplatform.signer.custody;

import java.util.List;
import java.util.Optional;

import com.partnerplatform.ycmt.signatures.SigningException;
import com.partnerplatform.ycmt.signatures.SigningKey;

/**
 * Where the private signing keys live. The port hands out {@link SigningKey}s (kid, public key,
 * sign) and never a private key: no adapter exposes key bytes, and none can, because the keys are
 * non-extractable (Vault transit, PKCS#11) or confined to the adapter (dev).
 *
 * <p>Key lifecycle (which key signs, when one is retired) belongs to the key ring; the custody only
 * creates, lists, signs with and destroys keys.
 */
public interface KeyCustody {

    /** vault-transit, pkcs11 or dev: used in logs, metrics and health. */
    String name();

    /** Every key the custody currently holds, oldest first. */
    List<CustodyKey> keys();

    /** True when {@code kid} is in this custody's kid namespace, whether or not it still holds the key. */
    boolean owns(String kid);

    /** The key for {@code kid}, if the custody holds it. */
    Optional<SigningKey> signingKey(String kid);

    /** Creates a new key (rotation) inside the custody and returns its public half. */
    CustodyKey createKey() throws SigningException;

    /**
     * Signs several RS256 signing inputs with one key, in order. Adapters that can amortise a round
     * trip (Vault's batch_input) do so; the others sign one by one on the calling thread.
     *
     * @throws SigningException if any signature cannot be produced; no partial result
     */
    List<byte[]> signBatch(String kid, List<byte[]> signingInputs) throws SigningException;

    /**
     * How many signing inputs one signing thread should take at a time when requests queue up: a
     * custody whose call is a round trip (Vault) amortises it over more inputs; in-process signing
     * gains nothing from bigger chunks and keeps them short, so replies leave sooner.
     */
    default int preferredChunk() {
        return 4;
    }

    /** Called once {@code kid} is the only key that may sign; Vault raises min_encryption_version. */
    default void activated(String kid) throws SigningException {
    }

    /** The key's tombstone is published: it will never be used again. PKCS#11 deletes it from the token. */
    default void destroy(String kid) throws SigningException {
    }

    /** Re-reads the keys from the backing store (another signer instance may have rotated). */
    default void refresh() throws SigningException {
    }

    /** A cheap liveness probe of the backing store, for readiness. */
    CustodyHealth health();
}
