package com.partnerplatform.events.serde;

import com.partnerplatform.events.pricing.FxRate;

/** Kafka value deserializer for {@link FxRate}, named in a channel's {@code value.deserializer}. */
public class FxRateDeserializer extends JsonDeserializer<FxRate> {

    public FxRateDeserializer() {
        super(FxRate.class);
    }
}
