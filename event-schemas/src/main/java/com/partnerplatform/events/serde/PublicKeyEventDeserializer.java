package com.partnerplatform.events.serde;

import com.partnerplatform.events.keys.PublicKeyEvent;

/** Kafka value deserializer for {@link PublicKeyEvent}, named in a channel's {@code value.deserializer}. */
public class PublicKeyEventDeserializer extends JsonDeserializer<PublicKeyEvent> {

    public PublicKeyEventDeserializer() {
        super(PublicKeyEvent.class);
    }
}
