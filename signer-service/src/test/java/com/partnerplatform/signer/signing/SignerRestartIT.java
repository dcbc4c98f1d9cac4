package com.partnerplatform.signer.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.partnerplatform.events.Topics;
import com.partnerplatform.events.serde.SigningReplyDeserializer;
import com.partnerplatform.events.signing.SigningOutcome;
import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.signer.KafkaRecords;
import com.partnerplatform.signer.Quotes;
import com.partnerplatform.signer.custody.pkcs11.SoftHsmToken;
import com.partnerplatform.testsupport.KafkaBroker;
import com.partnerplatform.testsupport.Ports;

import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;

/**
 * Kills the packaged signer (SIGKILL) while requests are in flight and starts it again on the same
 * PKCS#11 token: no request is lost (at-least-once: offsets are committed only after replies are
 * acknowledged), and a request answered twice is answered with the same JWS byte for byte.
 */
class SignerRestartIT {

    private static final int REQUESTS = 1000;
    private static final String PIN = "restart-1234";

    @Test
    void aSignerKilledMidStreamLosesNoRequestAndRepliesToReplaysWithIdenticalJws() throws Exception {
        Path softhsm = SoftHsmToken.prepareConfig();
        String token = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        SoftHsmToken.initToken(softhsm, token, PIN);
        List<String> quoteIds = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Map<String, Object> claims = Quotes.claims(Quotes.newQuoteId());
            quoteIds.add((String) claims.get("quote_id"));
            values.add(Quotes.json(Quotes.request(claims)).getBytes(StandardCharsets.UTF_8));
        }

        Process first = start(softhsm, token, "first");
        int answeredAtKill;
        try (ReplyCounter counter = new ReplyCounter(new HashSet<>(quoteIds))) {
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.QUOTE_SIGNING_REQUESTS, quoteIds.get(i), values.get(i));
                record.headers().add(KafkaRequestReply.DEFAULT_REPLY_CORRELATION_ID_HEADER, quoteIds.get(i).getBytes(StandardCharsets.UTF_8));
                record.headers().add(KafkaRequestReply.DEFAULT_REPLY_TOPIC_HEADER, Topics.QUOTE_SIGNING_REPLIES.getBytes(StandardCharsets.UTF_8));
                records.add(record);
            }
            KafkaRecords.produceAll(records);
            answeredAtKill = counter.awaitAtLeast(REQUESTS / 5, Duration.ofSeconds(120));
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(answeredAtKill).as("the signer was killed mid-stream").isLessThan(REQUESTS);

        Process second = start(softhsm, token, "second");
        try {
            Set<String> ids = new HashSet<>(quoteIds);
            Set<String> answered = new HashSet<>();
            List<ConsumerRecord<String, byte[]>> replies = KafkaRecords.await(Topics.QUOTE_SIGNING_REPLIES, 1,
                    Duration.ofSeconds(180), r -> {
                        if (ids.contains(r.key())) {
                            answered.add(r.key());
                        }
                        return answered.size() == REQUESTS;
                    });
            assertThat(replies).isNotEmpty();
            Map<String, List<SigningReply>> byQuote = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : KafkaRecords.readAll(Topics.QUOTE_SIGNING_REPLIES, Duration.ofSeconds(2))) {
                if (ids.contains(record.key())) {
                    byQuote.computeIfAbsent(record.key(), k -> new ArrayList<>())
                            .add(new SigningReplyDeserializer().deserialize(Topics.QUOTE_SIGNING_REPLIES, record.value()));
                }
            }
            assertThat(byQuote).as("every request answered").hasSize(REQUESTS);
            int duplicates = 0;
            for (List<SigningReply> answers : byQuote.values()) {
                assertThat(answers).extracting(SigningReply::outcome).containsOnly(SigningOutcome.SIGNED);
                assertThat(answers).extracting(SigningReply::jws).as("replays are byte-identical").containsOnly(answers.get(0).jws());
                duplicates += answers.size() - 1;
            }
            System.out.printf("SignerRestartIT: %d requests, killed after %d replies, %d answered twice%n", REQUESTS,
                    answeredAtKill, duplicates);
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
            second.destroyForcibly();
        }
    }

    /** Follows the replies topic from its beginning and counts distinct answered quote ids. */
    private static final class ReplyCounter implements AutoCloseable {
        private final Set<String> ids;
        private final Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;

        ReplyCounter(Set<String> ids) {
            this.ids = ids;
            java.util.Properties props = new java.util.Properties();
            props.put("bootstrap.servers", KafkaBroker.bootstrapServers());
            props.put("group.id", "restart-it-" + UUID.randomUUID());
            props.put("auto.offset.reset", "earliest");
            consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            consumer.subscribe(List.of(Topics.QUOTE_SIGNING_REPLIES));
            thread = new Thread(() -> {
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        if (ids.contains(r.key())) {
                            answered.add(r.key());
                        }
                    }
                }
                consumer.close();
            });
            thread.start();
        }

        int awaitAtLeast(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (answered.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + answered.size() + " replies within " + timeout);
                }
                Thread.sleep(5);
            }
            return answered.size();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    private static Process start(Path softhsm, String token, String name) throws Exception {
        int port = Ports.freePort();
        Path logs = Files.createDirectories(Path.of(System.getProperty("it.logs", "target/it-logs")));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dquarkus.profile=it", "-Dquarkus.http.port=" + port, "-Dquarkus.otel.sdk.disabled=true",
                "-Dsigner.partner-id=" + Quotes.PARTNER_ID, "-Dsigner.custody=pkcs11", "-Dsigner.key-bits=2048",
                "-Dsigner.pkcs11.token-label=" + token, "-Dsigner.pkcs11.pin=" + PIN,
                "-jar", System.getProperty("signer.jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve("signer-restart-" + name + ".log").toFile());
        builder.environment().put("KAFKA_BOOTSTRAP", KafkaBroker.bootstrapServers());
        builder.environment().put("SOFTHSM2_CONF", softhsm.toString());
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("signer process " + name + " is running").isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("signer " + name + " not ready within 120 s");
    }
}
