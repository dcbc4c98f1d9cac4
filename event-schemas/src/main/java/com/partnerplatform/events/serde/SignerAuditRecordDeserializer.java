package com.partnerplatform.events.serde;

import com.partnerplatform.events.audit.SignerAuditRecord;

/** Kafka value deserializer for {@link SignerAuditRecord}, named in a channel's {@code value.deserializer}. */
public class SignerAuditRecordDeserializer extends JsonDeserializer<SignerAuditRecord> {

    public SignerAuditRecordDeserializer() {
        super(SignerAuditRecord.class);
    }
}
