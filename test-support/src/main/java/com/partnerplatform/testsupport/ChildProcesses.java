package com.partnerplatform.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending the child JVMs the tests and the local platform start (Kafka broker, services). */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /**
     * SIGTERM (a clean shutdown) or, {@code forcibly}, SIGKILL (a crash: no shutdown hooks, nothing
     * flushed); a process still alive after {@code grace} is killed. Returns once it has exited or
     * the kill was given 10 s more.
     */
    public static void end(Process process, boolean forcibly, Duration grace) {
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
