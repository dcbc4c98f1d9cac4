package com.partnerplatform.webhook.delivery;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A YCMT delivery id this service has seen, kept for the sender's retry horizon. */
@Entity
@Table(name = "delivery")
public class DeliveryRecord extends PanacheEntityBase {

    @Id
    @Column(name = "delivery_id", length = 200)
    public String deliveryId;

    @Column(name = "state", nullable = false, length = 20)
    public String state;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
