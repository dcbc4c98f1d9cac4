package com.partnerplatform.events;

/** CloudEvents {@code type} values produced by this platform. */
public final class CloudEventTypes {

    /** Prefix of every YCMT webhook event re-published as a CloudEvent: the YCMT event type follows. */
    public static final String YCMT_WEBHOOK_PREFIX = "eu.ycmt.webhook.";
    /** The CloudEvents {@code source} of re-published YCMT webhooks. */
    public static final String YCMT_WEBHOOK_SOURCE = "urn:partner-platform:webhook-ingress:ycmt";
    public static final String SPEC_VERSION = "1.0";

    private CloudEventTypes() {
    }

    /** The CloudEvents type for a YCMT event type such as {@code transfer.status.changed}. */
    public static String ycmtWebhook(String ycmtEventType) {
        return YCMT_WEBHOOK_PREFIX + ycmtEventType;
    }
}
