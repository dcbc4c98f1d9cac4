package com.partnerplatform.events.webhook;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A verified YCMT webhook as a CloudEvent 1.0 in structured JSON mode. {@code id} is the YCMT
 * delivery/event id (consumers dedupe by it), {@code subject} the transfer or resource id, and
 * {@code data} only the allow-listed event fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookCloudEvent(String specversion, String id, String source, String type, String subject,
        Instant time, String datacontenttype, Map<String, Object> data) {

    public static final String SCHEMA = "ycmt-webhook-cloudevent/v1";
}
