package com.partnerplatform.events.serde;

import com.partnerplatform.events.signing.SigningReply;

/** Kafka value deserializer for {@link SigningReply}, named in a channel's {@code value.deserializer}. */
public class SigningReplyDeserializer extends JsonDeserializer<SigningReply> {

    public SigningReplyDeserializer() {
        super(SigningReply.class);
    }
}
