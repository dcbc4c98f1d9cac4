package com.partnerplatform.events.serde;

import com.partnerplatform.events.signing.SigningRequest;

/** Kafka value deserializer for {@link SigningRequest}, named in a channel's {@code value.deserializer}. */
public class SigningRequestDeserializer extends JsonDeserializer<SigningRequest> {

    public SigningRequestDeserializer() {
        super(SigningRequest.class);
    }
}
