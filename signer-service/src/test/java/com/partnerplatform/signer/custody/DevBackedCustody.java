package com.partnerplatform.signer.custody;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.partnerplatform.signer.custody.dev.DevCustody;
import com.partnerplatform.ycmt.signatures.SigningException;
import com.partnerplatform.ycmt.signatures.SigningKey;

/**
 * A test custody over real in-memory dev keys (RSA-2048): everything goes to the dev custody
 * unless a test's subclass overrides it to fail, wait or go down.
 */
public abstract class DevBackedCustody implements KeyCustody {

    protected final DevCustody delegate = new DevCustody("pr-", 2048, Clock.systemUTC());

    @Override
    public List<CustodyKey> keys() {
        return delegate.keys();
    }

    @Override
    public boolean owns(String kid) {
        return delegate.owns(kid);
    }

    @Override
    public Optional<SigningKey> signingKey(String kid) {
        return delegate.signingKey(kid);
    }

    @Override
    public CustodyKey createKey() {
        return delegate.createKey();
    }

    @Override
    public List<byte[]> signBatch(String kid, List<byte[]> inputs) throws SigningException {
        return delegate.signBatch(kid, inputs);
    }

    @Override
    public CustodyHealth health() {
        return CustodyHealth.up(name());
    }
}
