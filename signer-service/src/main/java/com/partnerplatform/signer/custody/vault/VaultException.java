package com.partnerplatform.signer.custody.vault;

import java.util.List;

/** A Vault call failed. Carries Vault's own error strings (which never include the token) and the status. */
public class VaultException extends Exception {

    private final int status;

    public VaultException(int status, String operation, List<String> errors) {
        super(operation + " failed: HTTP " + status + (errors.isEmpty() ? "" : " " + errors));
        this.status = status;
    }

    public VaultException(String operation, Throwable cause) {
        super(operation + " failed: " + cause.getClass().getSimpleName(), cause);
        this.status = -1;
    }

    /** HTTP status, or -1 when no response arrived. */
    public int status() {
        return status;
    }
}
