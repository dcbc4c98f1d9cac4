package com.partnerplatform.signer.signing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.jboss.logging.Logger;

import com.partnerplatform.signer.custody.KeyCustody;
import com.partnerplatform.signer.keys.ActiveKey;
import com.partnerplatform.signer.keys.KeyRing;
import com.partnerplatform.ycmt.signatures.Artefact;
import com.partnerplatform.ycmt.signatures.CompactJws;
import com.partnerplatform.ycmt.signatures.SigningException;
import com.partnerplatform.ycmt.signatures.VerificationReport;

/**
 * Signs accepted requests with the ACTIVE key: ycmt-signatures builds each signing input (claim
 * rules, JCS, closed header), the custody signs them in batches spread over the signing threads,
 * and every compact JWS runs the spec's local verification checklist against the key's public half
 * before it may leave. A custody failure is retried with backoff; a signature that does not verify
 * is never sent.
 */
public final class SigningService {

    private static final Logger LOG = Logger.getLogger(SigningService.class);

    /** The result for one request. */
    public sealed interface Result permits Signed, Failed {
    }

    /** @param payloadSha256 hex SHA-256 of the canonical payload bytes that were signed */
    public record Signed(String jws, String kid, String payloadSha256) implements Result {
    }

    /** @param detail why, without values or key material */
    public record Failed(String detail) implements Result {
    }

    private final KeyRing ring;
    private final KeyCustody custody;
    private final ExecutorService pool;
    private final int parallelism;
    private final int retries;
    private final Duration backoff;
    private final SignerMetrics metrics;
    private final boolean fullChecklist;

    public SigningService(KeyRing ring, KeyCustody custody, ExecutorService pool, int parallelism, int retries,
            Duration backoff, SignerMetrics metrics, String selfCheck) {
        this.ring = ring;
        this.custody = custody;
        this.pool = pool;
        this.parallelism = Math.max(1, parallelism);
        this.retries = Math.max(0, retries);
        this.backoff = backoff;
        this.metrics = metrics;
        this.fullChecklist = switch (selfCheck) {
            case "checklist" -> true;
            case "signature" -> false;
            default -> throw new IllegalArgumentException("signer.signing.self-check must be signature or checklist");
        };
    }

    public String custodyName() {
        return custody.name();
    }

    /** A piece of work over the index range [from, to) of a batch. */
    @FunctionalInterface
    public interface Chunk {
        void run(int from, int to);
    }

    /**
     * Runs {@code chunk} over [0, n) split into contiguous ranges, one per signing thread, the last
     * one on the calling thread; returns when all are done. (The Kafka consumer instead queues
     * chunks with {@link #submit}, so that each chunk's replies leave as soon as it is signed.)
     */
    public void inParallel(int n, Chunk chunk) {
        int chunks = Math.min(parallelism, n);
        if (chunks <= 1) {
            if (n > 0) {
                chunk.run(0, n);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        for (int c = 0; c < chunks - 1; c++) {
            int from = c * n / chunks;
            int to = (c + 1) * n / chunks;
            futures.add(pool.submit(() -> chunk.run(from, to)));
        }
        chunk.run((chunks - 1) * n / chunks, n);
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                LOG.errorf("signing task failed: %s", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The custody's preferred number of inputs per call ({@link KeyCustody#preferredChunk()}). */
    public int preferredChunk() {
        return Math.max(1, custody.preferredChunk());
    }

    /** Signing threads (signer.signing.parallelism). */
    public int parallelism() {
        return parallelism;
    }

    /**
     * Runs {@code task} on a signing thread, after the tasks submitted before it (FIFO). The task
     * must not call {@link #inParallel} or {@link #sign}: it would wait for tasks queued behind it.
     */
    public void submit(Runnable task) {
        pool.execute(task);
    }

    /** One result per request, in order, spread over the signing threads. */
    public List<Result> sign(List<RequestIntake.Accepted> requests) {
        return sign(requests, true);
    }

    /** One result per request, in order, signed on the calling thread (a signing thread, see {@link #submit}). */
    public List<Result> signHere(List<RequestIntake.Accepted> requests) {
        return sign(requests, false);
    }

    private List<Result> sign(List<RequestIntake.Accepted> requests, boolean spread) {
        if (requests.isEmpty()) {
            return List.of();
        }
        ActiveKey active = ring.activeKey().orElse(null);
        if (active == null) {
            return requests.stream().<Result>map(r -> new Failed("no ACTIVE signing key")).toList();
        }
        Result[] results = new Result[requests.size()];
        if (spread) {
            inParallel(requests.size(), (from, to) -> signChunk(active, requests, from, to, results));
        } else {
            signChunk(active, requests, 0, requests.size(), results);
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = new Failed("signing was interrupted");
            }
        }
        return Arrays.asList(results);
    }

    private void signChunk(ActiveKey active, List<RequestIntake.Accepted> requests, int from, int to, Result[] results) {
        List<Integer> chunk = new ArrayList<>(to - from);
        List<byte[]> batch = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            try {
                batch.add(CompactJws.signingInput(Artefact.QUOTE, requests.get(i).claims(), active.kid()));
                chunk.add(i);
            } catch (IllegalArgumentException e) {
                results[i] = new Failed("signing input could not be built: " + e.getMessage());
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        SigningException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                sleep(backoff.multipliedBy(1L << (attempt - 1)));
            }
            long start = System.nanoTime();
            try {
                List<byte[]> signatures = custody.signBatch(active.kid(), batch);
                metrics.custodyCall(custody.name(), batch.size(), System.nanoTime() - start, true);
                List<Signed> signed = new ArrayList<>(batch.size());
                for (int k = 0; k < batch.size(); k++) {
                    signed.add(assembleAndVerify(active, batch.get(k), signatures.get(k)));
                }
                for (int k = 0; k < chunk.size(); k++) {
                    results[chunk.get(k)] = signed.get(k);
                }
                return;
            } catch (SigningException | RuntimeException e) {
                metrics.custodyCall(custody.name(), batch.size(), System.nanoTime() - start, false);
                last = e instanceof SigningException se ? se : new SigningException(e.toString(), e);
                LOG.warnf("%s custody could not sign %d input(s) with %s (attempt %d of %d): %s", custody.name(),
                        batch.size(), active.kid(), attempt + 1, retries + 1, last.getMessage());
            }
        }
        String detail = "custody " + custody.name() + " failed: " + last.getMessage();
        for (int i : chunk) {
            results[i] = new Failed(detail);
        }
    }

    private Signed assembleAndVerify(ActiveKey active, byte[] input, byte[] signature) throws SigningException {
        // RS256 over the exact bytes that are sent, under the public half of the kid in the header
        String jws = CompactJws.assemble(input, signature, active.key().publicKey());
        if (fullChecklist) {
            VerificationReport report = active.verifier().verify(jws, Artefact.QUOTE);
            if (!report.ok()) {
                throw new SigningException("produced JWS failed local verification: "
                        + report.firstFailure().map(VerificationReport.Step::toString).orElse("?"));
            }
        }
        return new Signed(jws, active.kid(), Digests.payloadSha256(input));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
