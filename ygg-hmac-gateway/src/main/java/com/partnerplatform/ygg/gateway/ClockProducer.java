package com.partnerplatform.ygg.gateway;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** UTC wall clock: UUIDv7 timestamps are Unix milliseconds. */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
