package com.partnerplatform.events.serde;

import com.partnerplatform.events.webhook.WebhookCloudEvent;

/** Kafka value deserializer for {@link WebhookCloudEvent}, named in a channel's {@code value.deserializer}. */
public class WebhookCloudEventDeserializer extends JsonDeserializer<WebhookCloudEvent> {

    public WebhookCloudEventDeserializer() {
        super(WebhookCloudEvent.class);
    }
}
