package com.partnerplatform.quote.quote;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.partnerplatform.events.quote.QuoteEventType;
import com.partnerplatform.events.signing.SigningOutcome;
import com.partnerplatform.events.signing.SigningReply;
import com.partnerplatform.events.signing.SigningRequest;
import com.partnerplatform.quote.pricing.Price;
import com.partnerplatform.quote.pricing.PricingEngine;
import com.partnerplatform.quote.pricing.PricingRefused;
import com.partnerplatform.quote.quote.QuoteRepository.IdempotencyConflict;
import com.partnerplatform.quote.quote.QuoteRepository.NewQuote;
import com.partnerplatform.quote.sequence.QuoteIds;
import com.partnerplatform.quote.sequence.SequenceGaps;
import com.partnerplatform.quote.signing.SignatureCheck;
import com.partnerplatform.quote.signing.SignatureCheck.SignatureRejected;
import com.partnerplatform.quote.signing.SignerClient;
import com.partnerplatform.quote.signing.SignerUnavailable;
import com.partnerplatform.runtime.correlation.CorrelationId;
import com.partnerplatform.runtime.problem.ProblemException;
import com.partnerplatform.ycmt.signatures.Jcs;
import com.partnerplatform.ycmt.signatures.QuoteClaims;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Creates signed quotes: price, allocate the number, persist PENDING with the canonical payload,
 * ask the signer, verify locally, persist SIGNED. Nothing is written before the request is valid
 * and priced; once a number is allocated it ends as a SIGNED quote or as a visible, counted gap.
 */
@ApplicationScoped
public class QuoteService {

    private static final Logger LOG = Logger.getLogger(QuoteService.class);
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z][A-Za-z0-9.]{0,63}");

    /** A quote as answered to POST: freshly signed, or the earlier answer to the same Idempotency-Key. */
    public record Issued(QuoteRecord quote, QuoteClaims claims, boolean replayed) {
    }

    private final PricingEngine engine;
    private final QuoteRepository repository;
    private final QuoteIds ids;
    private final SignerClient signer;
    private final SignatureCheck signatureCheck;
    private final QuoteEvents events;
    private final SequenceGaps gaps;
    private final QuoteConfig config;
    private final Clock clock;

    public QuoteService(PricingEngine engine, QuoteRepository repository, QuoteIds ids, SignerClient signer,
            SignatureCheck signatureCheck, QuoteEvents events, SequenceGaps gaps, QuoteConfig config, Clock clock) {
        this.engine = engine;
        this.repository = repository;
        this.ids = ids;
        this.signer = signer;
        this.signatureCheck = signatureCheck;
        this.events = events;
        this.gaps = gaps;
        this.config = config;
        this.clock = clock;
    }

    public Uni<Issued> create(QuoteRequest.Valid request, String idempotencyKey, String correlationId) {
        String requestSha256 = request.sha256();
        Price price;
        try {
            price = engine.price(request.pricing());
        } catch (PricingRefused e) {
            // an earlier answer under this key is replayed whatever pricing says now; otherwise, the refusal
            return repository.findByIdempotencyKey(request.subscriptionId(), idempotencyKey).map(earlier -> {
                if (earlier == null || retriable(earlier, requestSha256)) {
                    throw refused(e);
                }
                return replay(earlier, requestSha256);
            }).onFailure(StorageFailures::unreachable).transform(StorageFailures::unavailable);
        }
        // one round trip: the latest attempt under the key, and a new number only if a new attempt is due
        return repository.lookupOrAllocate(request.subscriptionId(), idempotencyKey, requestSha256,
                        clock.instant().minus(orphanAge()), "signer.unavailable")
                .invoke(outcome -> {
                    if (outcome.orphaned() != null) {
                        QuoteRecord orphan = outcome.orphaned();
                        events.emit(orphan.quoteId(), QuoteEventType.FAILED, orphan.partnerQuoteSeq(), null,
                                "signer.unavailable", orphan.correlationId());
                        gaps.unsigned(orphan.partnerQuoteSeq(), orphan.quoteId(), "FAILED", "signer.unavailable");
                    }
                })
                .flatMap(outcome -> outcome.allocated() == null
                        ? Uni.createFrom().item(() -> replay(outcome.earlier(), requestSha256))
                        : issue(request, idempotencyKey, requestSha256, correlationId, price, outcome.allocated()))
                .onFailure(StorageFailures::unreachable).transform(StorageFailures::unavailable);
    }

    /**
     * How old a PENDING attempt must be before a retry of the same request may give up on it: its
     * requester stops waiting for the signer after the signing timeout (plus the key wait of the
     * local verification), so by then it can no longer turn the row SIGNED - markSigned needs PENDING.
     */
    Duration orphanAge() {
        return config.signing().timeout().plus(config.signing().keyWait()).plus(config.signing().orphanMargin());
    }

    /** A FAILED attempt (signer unavailable) of the same request does not hold its key: it is retried. */
    static boolean retriable(QuoteRecord earlier, String requestSha256) {
        return earlier.status() == QuoteStatus.FAILED && earlier.requestSha256().equals(requestSha256);
    }

    /** The quote if it belongs to {@code subscriptionId}; otherwise, as for an unknown id, 404. */
    public Uni<QuoteRecord> find(String quoteId, String subscriptionId) {
        if (quoteId == null || !QuoteIds.FORMAT.matcher(quoteId).matches()) {
            return Uni.createFrom().failure(notFound());
        }
        return repository.findById(quoteId).map(quote -> {
            if (quote == null || !quote.subscriptionId().equals(subscriptionId)) {
                throw notFound();
            }
            return quote;
        }).onFailure(StorageFailures::unreachable).transform(StorageFailures::unavailable);
    }

    /** What an Idempotency-Key that was already used answers. */
    private Issued replay(QuoteRecord earlier, String requestSha256) {
        if (earlier == null) {
            throw inProgress();
        }
        if (!earlier.requestSha256().equals(requestSha256)) {
            throw new ProblemException(422, "idempotency.keyReused", "Unprocessable Content",
                    "this Idempotency-Key was used for a different request; use a new key for a new quote");
        }
        return switch (earlier.statusAt(clock.instant())) {
            case SIGNED -> new Issued(earlier, earlier.claims(), true);
            case EXPIRED -> throw expired(earlier.quoteId());
            case PENDING -> throw inProgress();
            case REJECTED -> throw rejected(earlier.errorCode(), null, null);
            case FAILED -> throw new IllegalStateException("a FAILED attempt is retried, not replayed");
        };
    }

    /** A new attempt under number {@code seq}: store it PENDING with its canonical payload, then sign it. */
    private Uni<Issued> issue(QuoteRequest.Valid request, String idempotencyKey, String requestSha256, String correlationId,
            Price price, long seq) {
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(config.lifetime());
        String quoteId = ids.quoteId(seq, issuedAt);
        QuoteClaims claims = new QuoteClaims(quoteId, ids.jti(issuedAt), config.partnerId(), seq,
                request.subscriptionId(), price.sendAmount(), price.corridor().sendCurrency(), price.receiveAmount(),
                price.corridor().receiveCurrency(), price.corridor().beneficiaryCountry(),
                price.corridor().receiveCurrency(), price.corridor().code(), price.corridor().type().name(),
                price.fxRate(), price.partnerFee(), price.principalFee(), price.totalConsumerCost(), issuedAt, expiresAt);
        byte[] canonical = Jcs.canonicalize(claims.toClaims());
        String canonicalText = new String(canonical, StandardCharsets.UTF_8);
        NewQuote pending = new NewQuote(quoteId, seq, claims.jti(), config.partnerId(), request.subscriptionId(),
                idempotencyKey, requestSha256, price, issuedAt, expiresAt, canonicalText, sha256(canonical),
                correlationId);
        return repository.insertPending(pending)
                .flatMap(ignored -> {
                    events.emit(quoteId, QuoteEventType.CREATED, seq, null, null, correlationId);
                    return sign(pending, claims, canonical);
                })
                .onFailure(IdempotencyConflict.class).recoverWithUni(() -> {
                    // a concurrent request with the same key won; this number stays unused
                    gaps.unsigned(seq, null, "LOST_RACE", "idempotency.inProgress");
                    return repository.findByIdempotencyKey(request.subscriptionId(), idempotencyKey)
                            .map(winner -> replay(winner, requestSha256));
                });
    }

    private Uni<Issued> sign(NewQuote pending, QuoteClaims claims, byte[] canonical) {
        String correlationId = pending.correlationId();
        SigningRequest request = new SigningRequest(pending.quoteId(), correlationId, claims.toClaims(), clock.instant());
        Executor requestContext = currentContext();
        return signer.sign(request)
                .emitOn(requestContext)
                .onItemOrFailure().transformToUni((reply, failure) -> {
                    CorrelationId.bind(correlationId);
                    if (failure != null) {
                        String reason = failure instanceof SignerUnavailable ? failure.getMessage() : failure.getClass().getSimpleName();
                        return fail(pending, QuoteStatus.FAILED, "signer.unavailable", null,
                                ProblemException.unavailable("signer.unavailable",
                                        "the quote could not be signed in time; retry with the same Idempotency-Key",
                                        config.signing().retryAfterSeconds()), reason);
                    }
                    if (!pending.quoteId().equals(reply.quoteId())) {
                        return fail(pending, QuoteStatus.FAILED, "quote.signatureInvalid", reply.kid(),
                                badSignature(), "the signer's reply names another quote");
                    }
                    if (reply.outcome() == SigningOutcome.REJECTED) {
                        String code = reply.errorCode() != null && ERROR_CODE.matcher(reply.errorCode()).matches()
                                ? reply.errorCode() : "quote.invalid";
                        return fail(pending, QuoteStatus.REJECTED, code, null,
                                rejected(code, reply.errorClaim(), reply.detail()), "rejected by the signer");
                    }
                    return signatureCheck.verify(reply, canonical)
                            .emitOn(requestContext)
                            .onFailure(SignatureRejected.class).recoverWithUni(e -> fail(pending, QuoteStatus.FAILED,
                                    "quote.signatureInvalid", reply.kid(), badSignature(), e.getMessage()))
                            .flatMap(kid -> signed(pending, claims, reply, kid));
                });
    }

    private Uni<Issued> signed(NewQuote pending, QuoteClaims claims, SigningReply reply, String kid) {
        return repository.markSigned(pending.quoteId(), reply.jws(), kid, pending.correlationId()).map(updated -> {
            if (!updated) {
                // the stale-PENDING sweeper gave up on it first: it is FAILED and counted as a gap
                throw ProblemException.unavailable("signer.unavailable",
                        "the quote could not be signed in time; retry with the same Idempotency-Key",
                        config.signing().retryAfterSeconds());
            }
            events.emit(pending.quoteId(), QuoteEventType.SIGNED, pending.partnerQuoteSeq(), kid, null, pending.correlationId());
            LOG.debugf("quote %s seq %d signed with kid %s", pending.quoteId(), pending.partnerQuoteSeq(), kid);
            return new Issued(new QuoteRecord(pending.quoteId(), pending.partnerQuoteSeq(), pending.jti(),
                    pending.subscriptionId(), pending.idempotencyKey(), pending.requestSha256(),
                    pending.canonicalPayload(), reply.jws(), kid, QuoteStatus.SIGNED, null, pending.correlationId(),
                    pending.issuedAt(), pending.expiresAt(), clock.instant(), clock.instant()), claims, false);
        });
    }

    /** Records an unsigned end state, counts the gap, and answers {@code problem}. */
    private <T> Uni<T> fail(NewQuote pending, QuoteStatus status, String errorCode, String kid, ProblemException problem,
            String why) {
        return repository.markUnsigned(pending.quoteId(), status, errorCode, kid, pending.correlationId())
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf("could not record %s for quote %s: %s (the stale-PENDING sweeper will)", status,
                            pending.quoteId(), e.getClass().getSimpleName());
                    return false;
                })
                .map(recorded -> {
                    if (recorded) {
                        events.emit(pending.quoteId(), status == QuoteStatus.REJECTED ? QuoteEventType.REJECTED
                                : QuoteEventType.FAILED, pending.partnerQuoteSeq(), kid, errorCode, pending.correlationId());
                        gaps.unsigned(pending.partnerQuoteSeq(), pending.quoteId(), status.name(), errorCode);
                    }
                    LOG.warnf("quote %s not signed (%s): %s", pending.quoteId(), errorCode, why);
                    throw problem;
                });
    }

    private static ProblemException refused(PricingRefused e) {
        return switch (e.reason()) {
            case UNKNOWN_CORRIDOR -> new ProblemException(422, "quote.unknownCorridor", "Unprocessable Content", e.getMessage());
            case CURRENCY_MISMATCH -> new ProblemException(422, "quote.currencyMismatch", "Unprocessable Content", e.getMessage());
            case ENVELOPE_BREACH -> new ProblemException(422, "quote.envelopeBreach", "Unprocessable Content", e.getMessage());
            case RATE_UNAVAILABLE -> ProblemException.unavailable("quote.rateUnavailable",
                    e.getMessage() + "; no quote can be priced on this corridor until a fresh rate arrives", 30);
        };
    }

    /** A signer rejection keeps the spec code; the HTTP status follows what the code means. */
    private static ProblemException rejected(String code, String claim, String detail) {
        int status = switch (code) {
            case "quote.expired" -> 410;
            case "quote.bindingMismatch" -> 403;
            default -> 422;
        };
        String text = "the signer refused the quote with " + code + (claim == null ? "" : " on claim " + safe(claim))
                + (detail == null ? "" : ": " + safe(detail));
        return new ProblemException(status, code, status == 410 ? "Gone" : status == 403 ? "Forbidden"
                : "Unprocessable Content", text);
    }

    private static ProblemException inProgress() {
        return new ProblemException(409, "idempotency.inProgress", "Conflict",
                "a request with this Idempotency-Key is still being signed; retry shortly", List.of(),
                Map.of("Retry-After", "1"));
    }

    private static ProblemException badSignature() {
        return new ProblemException(502, "quote.signatureInvalid", "Bad Gateway",
                "the signer's JWS failed local verification; the quote was not issued");
    }

    static ProblemException expired(String quoteId) {
        return new ProblemException(410, "quote.expired", "Gone",
                "quote " + quoteId + " has expired and is never re-signed; create a new quote with a new Idempotency-Key");
    }

    private static ProblemException notFound() {
        return new ProblemException(404, "quote.notFound", "Not Found", "no such quote for this subscription");
    }

    private static String safe(String text) {
        String cut = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs continuations back on the request's Vert.x context (its MDC, its event loop). */
    private static Executor currentContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : command -> context.runOnContext(ignored -> command.run());
    }
}
