package com.partnerplatform.webhook.minimisation;

import java.time.Instant;
import java.util.Map;

/**
 * What is kept of a verified YCMT event.
 *
 * @param type the YCMT event type
 * @param resourceId the transfer or resource id, or null when the event names none
 * @param occurredAt when it happened according to the event, or null
 * @param data the allow-listed fields only, in their original nesting
 */
public record MinimisedEvent(String type, String resourceId, Instant occurredAt, Map<String, Object> data) {
}
