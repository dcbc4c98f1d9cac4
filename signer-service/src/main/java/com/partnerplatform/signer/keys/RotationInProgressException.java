package com.partnerplatform.signer.keys;

/** A normal rotation was asked for while a PENDING key is still waiting for its activation. */
public class RotationInProgressException extends RuntimeException {

    public RotationInProgressException(String pendingKid) {
        super("key " + pendingKid + " is still PENDING; rotate again after it is ACTIVE, or rotate with emergency=true");
    }
}
