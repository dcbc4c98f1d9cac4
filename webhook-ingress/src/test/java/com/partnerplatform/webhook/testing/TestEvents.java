package com.partnerplatform.webhook.testing;

import java.nio.charset.StandardCharsets;

/** YCMT-like event bodies, with personal fields planted where minimisation must drop them. */
public final class TestEvents {

    public static final String PLANTED_NAME = "Amina Planted-Beneficiary";
    public static final String PLANTED_IBAN = "DE89370400440532013000";
    public static final String PLANTED_EMAIL = "planted.sender@example.com";

    private TestEvents() {
    }

    /** A transfer status change with the transfer id at the top level and personal data beside it. */
    public static byte[] transferStatusChanged(String transferId, String status) {
        return ("{\"type\":\"transfer.status.changed\",\"id\":\"evt_" + transferId + "\",\"transferId\":\"" + transferId
                + "\",\"transferStatus\":\"" + status + "\",\"occurredAt\":\"2026-03-01T10:15:30Z\","
                + "\"beneficiaryName\":\"" + PLANTED_NAME + "\",\"iban\":\"" + PLANTED_IBAN + "\","
                + "\"sender\":{\"email\":\"" + PLANTED_EMAIL + "\"},\"amount\":{\"value\":\"120.50\",\"currency\":\"EUR\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** True when none of the planted personal values occurs in {@code text}. */
    public static boolean freeOfPlantedPersonalData(String text) {
        return !text.contains(PLANTED_NAME) && !text.contains(PLANTED_IBAN) && !text.contains(PLANTED_EMAIL)
                && !text.contains("beneficiaryName") && !text.contains("iban");
    }
}
