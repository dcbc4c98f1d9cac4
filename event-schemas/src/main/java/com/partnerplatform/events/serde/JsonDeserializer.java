package com.partnerplatform.events.serde;

import java.io.IOException;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads one event type from UTF-8 JSON; null stays null (a tombstone). A record that is not valid
 * for the type fails with a message naming the type and topic, never echoing the record's bytes.
 */
public abstract class JsonDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    protected JsonDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("record on " + topic + " is not a valid " + type.getSimpleName()
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
