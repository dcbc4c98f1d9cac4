package com.partnerplatform.signer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.events.signing.SigningRequest;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.reply.KafkaRequestReply;

/**
 * Test-only requester that calls the signer exactly as quote-service does: SmallRye's
 * KafkaRequestReply on quote.signing.requests, replies on quote.signing.replies (partition 1,
 * see the %test channel configuration).
 */
@ApplicationScoped
public class TestSigningRequester {

    @Inject
    @Channel("test-signing-requester")
    KafkaRequestReply<SigningRequest, SigningReply> requestReply;

    public Uni<Message<SigningReply>> request(SigningRequest request) {
        return requestReply.waitForAssignments()
                .chain(() -> requestReply.request(Message.of(request)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(request.quoteId()).build())));
    }
}
