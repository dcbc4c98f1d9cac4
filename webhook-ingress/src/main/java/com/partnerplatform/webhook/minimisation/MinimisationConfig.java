package com.partnerplatform.webhook.minimisation;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which event fields may leave the intake (spec 8: store only what support, reconciliation and
 * operations need), and where the event type, resource id and event time are found. Paths are
 * dotted ({@code data.transferId}).
 */
@ConfigMapping(prefix = "webhook.minimisation")
public interface MinimisationConfig {

    /**
     * The allow-list: each entry names a scalar field (or an array of scalars). An entry naming an
     * object copies nothing, so a nested personal field can never ride along with its parent.
     */
    List<String> allowedFields();

    /** The field holding the YCMT event type, e.g. {@code transfer.status.changed}. */
    @WithDefault("type")
    String typeField();

    /** Where the resource (transfer) id is looked for, first match wins; else the delivery id keys the record. */
    @WithDefault("transferId,data.transferId,resourceId,data.resourceId")
    List<String> resourceIdFields();

    /** Where the time of the occurrence is looked for (ISO-8601), first match wins. */
    @WithDefault("occurredAt,timestamp,data.occurredAt")
    List<String> timeFields();
}
