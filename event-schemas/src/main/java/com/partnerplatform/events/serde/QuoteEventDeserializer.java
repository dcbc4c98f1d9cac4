package com.partnerplatform.events.serde;

import com.partnerplatform.events.quote.QuoteEvent;

/** Kafka value deserializer for {@link QuoteEvent}, named in a channel's {@code value.deserializer}. */
public class QuoteEventDeserializer extends JsonDeserializer<QuoteEvent> {

    public QuoteEventDeserializer() {
        super(QuoteEvent.class);
    }
}
