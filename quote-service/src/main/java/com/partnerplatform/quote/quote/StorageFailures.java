package com.partnerplatform.quote.quote;

import java.io.IOException;

import com.partnerplatform.runtime.problem.ProblemException;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * PostgreSQL unreachable (refused, reset, closed, shutting down, out of connections, pool wait timed
 * out): the request answers 503 {@code storage.unavailable} with Retry-After instead of a 500. The
 * statements are single and atomic, so a request that fails this way either wrote nothing or left a
 * PENDING row that the stale-PENDING sweeper, or the client's retry, turns into a counted gap.
 */
public final class StorageFailures {

    public static final String CODE = "storage.unavailable";
    public static final int RETRY_AFTER_SECONDS = 5;

    private StorageFailures() {
    }

    public static boolean unreachable(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof ProblemException) {
                return false;
            }
            if (e instanceof IOException || e instanceof ClosedConnectionException) {
                return true; // ConnectException, connection reset, closed connection
            }
            if (e instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now; 53300: too many connections
                return state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
            }
            if (e instanceof VertxException && e.getMessage() != null
                    && (e.getMessage().contains("Timeout") || e.getMessage().contains("closed"))) {
                return true; // pool acquisition timeout, "Connection is closed"
            }
        }
        return false;
    }

    public static ProblemException unavailable(Throwable cause) {
        return ProblemException.unavailable(CODE,
                "quote storage is temporarily unreachable; retry after Retry-After (a POST retried with the same "
                        + "Idempotency-Key is never issued twice)",
                RETRY_AFTER_SECONDS);
    }
}
