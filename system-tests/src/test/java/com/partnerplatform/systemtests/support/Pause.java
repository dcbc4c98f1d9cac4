package com.partnerplatform.systemtests.support;

/** Waiting in traffic loops and polls, without making every caller handle interruption. */
public final class Pause {

    private Pause() {
    }

    /** Sleeps {@code millis}; an interruption ends the pause early and stays set on the thread. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
