package com.partnerplatform.signer.custody;

/** Result of a custody probe; {@code detail} never carries secrets. */
public record CustodyHealth(boolean up, String detail) {

    public static CustodyHealth up(String detail) {
        return new CustodyHealth(true, detail);
    }

    public static CustodyHealth down(String detail) {
        return new CustodyHealth(false, detail);
    }
}
