package com.partnerplatform.quote.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.partnerplatform.events.Topics;
import com.partnerplatform.events.keys.KeyState;
import com.partnerplatform.events.keys.PublicKeyEvent;
import com.partnerplatform.events.serde.Json;
import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.events.signing.SigningRequest;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.CompactJws;
import com.partnerplatform.ycmt.signatures.InMemorySigningKey;
import com.partnerplatform.ycmt.signatures.Jwk;

/**
 * A minimal stand-in for signer-service speaking the same Kafka contract, used only when the real
 * signer jar is not built. Signs with an in-memory RSA key it publishes first.
 */
final class DevReplier implements AutoCloseable {

    private final String bootstrap;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final InMemorySigningKey key = InMemorySigningKey.generate("dev-replier-" + System.nanoTime(), 2048);

    DevReplier(String bootstrap) {
        this.bootstrap = bootstrap;
        this.thread = new Thread(this::loop, "dev-replier");
        thread.setDaemon(true);
    }

    void start() {
        try (KafkaProducer<String, String> producer = producer()) {
            PublicKeyEvent event = new PublicKeyEvent(key.kid(), Jwk.of(key).toMap(), KeyState.ACTIVE, Instant.now(),
                    null, Instant.now());
            producer.send(new ProducerRecord<>(Topics.SIGNER_PUBLIC_KEYS, key.kid(), Json.MAPPER.writeValueAsString(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        thread.start();
    }

    private void loop() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dev-replier");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props); KafkaProducer<String, String> producer = producer()) {
            consumer.subscribe(List.of(Topics.QUOTE_SIGNING_REQUESTS));
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    SigningRequest request = Json.MAPPER.readValue(record.value(), SigningRequest.class);
                    SigningReply reply;
                    try {
                        reply = SigningReply.signed(request.quoteId(), request.correlationId(),
                                CompactJws.sign(Artefact.QUOTE, request.claims(), key), key.kid(), Instant.now());
                    } catch (Exception e) {
                        reply = SigningReply.rejected(request.quoteId(), request.correlationId(), "quote.invalid", null,
                                e.getMessage(), Instant.now());
                    }
                    Header topic = record.headers().lastHeader("REPLY_TOPIC");
                    ProducerRecord<String, String> out = new ProducerRecord<>(
                            topic == null ? Topics.QUOTE_SIGNING_REPLIES : new String(topic.value(), StandardCharsets.UTF_8),
                            request.quoteId(), Json.MAPPER.writeValueAsString(reply));
                    Header correlation = record.headers().lastHeader("REPLY_CORRELATION_ID");
                    if (correlation != null) {
                        out.headers().add("REPLY_CORRELATION_ID", correlation.value());
                    }
                    producer.send(out);
                }
            }
        } catch (Exception e) {
            if (running.get()) {
                e.printStackTrace();
            }
        }
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
