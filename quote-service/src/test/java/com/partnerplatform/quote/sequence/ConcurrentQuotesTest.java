package com.partnerplatform.quote.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.partnerplatform.quote.support.Api;
import com.partnerplatform.quote.support.Db;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * 50 clients at once: every quote gets its own partner_quote_seq, and numbers follow allocation
 * order (a quote requested after another was answered always has the larger number).
 */
@QuarkusTest
class ConcurrentQuotesTest {

    private static final int CLIENTS = 50;
    private static final int QUOTES_EACH = 3;

    /** One answered request: its number and when it was sent and answered (nanoTime). */
    record Call(int client, long seq, long sentAt, long answeredAt) {
    }

    @Test
    void fiftyConcurrentClientsNeverShareANumberAndNumbersIncreaseInAllocationOrder() throws Exception {
        Api.freshRates(Instant.now());
        long before = Db.sequenceLastValue();
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                String subscription = Api.newSubscription();
                start.await();
                for (int i = 0; i < QUOTES_EACH; i++) {
                    long sentAt = System.nanoTime();
                    Response response = Api.post(subscription, Api.newKey(), Api.esMa(subscription, (100 + client) + "." + (10 + i)));
                    long answeredAt = System.nanoTime();
                    assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
                    calls.add(new Call(client, ((Number) response.path("partnerQuoteSeq")).longValue(), sentAt, answeredAt));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> client : clients) {
            client.get(180, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(calls).hasSize(CLIENTS * QUOTES_EACH);
        Set<Long> seqs = new HashSet<>();
        calls.forEach(call -> assertThat(seqs.add(call.seq())).as("seq %d given twice", call.seq()).isTrue());
        // nothing else allocated meanwhile, nothing failed: the numbers are one contiguous block
        assertThat(Collections.min(seqs)).isEqualTo(before + 1);
        assertThat(Collections.max(seqs)).isEqualTo(before + CLIENTS * QUOTES_EACH);
        assertThat(Db.sequenceLastValue()).isEqualTo(before + CLIENTS * QUOTES_EACH);
        // allocation order: whenever one call was answered before another was sent, its number is smaller
        int ordered = 0;
        for (Call a : calls) {
            for (Call b : calls) {
                if (a.answeredAt() < b.sentAt()) {
                    assertThat(a.seq()).as("quote answered before another was requested").isLessThan(b.seq());
                    ordered++;
                }
            }
        }
        assertThat(ordered).as("pairs with a happens-before order").isGreaterThan(CLIENTS * QUOTES_EACH);
        // and every stored quote of the block is SIGNED
        assertThat(Db.count("SELECT count(*) FROM quote.quote WHERE partner_quote_seq > ? AND status = 'SIGNED'", before))
                .isEqualTo(CLIENTS * QUOTES_EACH);
    }
}
