package com.partnerplatform.events.serde;

import com.partnerplatform.events.ygg.YggAuditRecord;

/** Kafka value deserializer for {@link YggAuditRecord}, named in a channel's {@code value.deserializer}. */
public class YggAuditRecordDeserializer extends JsonDeserializer<YggAuditRecord> {

    public YggAuditRecordDeserializer() {
        super(YggAuditRecord.class);
    }
}
