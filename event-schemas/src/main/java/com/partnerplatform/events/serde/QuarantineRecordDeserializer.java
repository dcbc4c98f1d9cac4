package com.partnerplatform.events.serde;

import com.partnerplatform.events.webhook.QuarantineRecord;

/** Kafka value deserializer for {@link QuarantineRecord}, named in a channel's {@code value.deserializer}. */
public class QuarantineRecordDeserializer extends JsonDeserializer<QuarantineRecord> {

    public QuarantineRecordDeserializer() {
        super(QuarantineRecord.class);
    }
}
