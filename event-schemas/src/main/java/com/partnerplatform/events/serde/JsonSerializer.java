package com.partnerplatform.events.serde;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Writes any event record as UTF-8 JSON with {@link Json#MAPPER}; null stays null (a tombstone). */
public class JsonSerializer<T> implements Serializer<T> {

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new SerializationException("could not write " + data.getClass().getSimpleName() + " for " + topic);
        }
    }
}
