package com.partnerplatform.webhook.delivery;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** A YCMT delivery id this service has verified, kept for the sender's retry horizon. */
@Entity
@Table(name = "delivery")
public class DeliveryRecord extends PanacheEntityBase {

    @Id
    @Column(name = "delivery_id", length = 200)
    public String deliveryId;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 20)
    public DeliveryState state;

    /** SHA-256 (hex) of the first verified body for this id. */
    @Column(name = "body_sha256", length = 64)
    public String bodySha256;

    /** First receipt: the retention horizon counts from here. */
    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "last_received_at")
    public Instant lastReceivedAt;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    /** How many verified deliveries carried this id (the first plus retries and replays). */
    @Column(name = "attempts", nullable = false)
    public int attempts;

    /** Deletes the ids first received before {@code cutoff}; the sender no longer retries them. */
    public static Uni<Long> deleteReceivedBefore(Instant cutoff) {
        return delete("receivedAt < ?1", cutoff);
    }
}
