package com.partnerplatform.signer.keys;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import com.partnerplatform.events.keys.PublicKeyEvent;

/** A key feed in memory that records every publication in order, for key ring unit tests. */
public final class InMemoryKeyFeed implements KeyFeed {

    /** One publication: event null = tombstone. */
    record Published(String kid, PublicKeyEvent event) {
    }

    final List<Published> log = new ArrayList<>();
    private final Map<String, PublicKeyEvent> latest = new LinkedHashMap<>();
    private final Set<String> tombstoned = new HashSet<>();

    @Override
    public Map<String, PublicKeyEvent> snapshot() {
        return Map.copyOf(latest);
    }

    @Override
    public Set<String> tombstoned() {
        return Set.copyOf(tombstoned);
    }

    @Override
    public void publish(PublicKeyEvent event) {
        log.add(new Published(event.kid(), event));
        latest.put(event.kid(), event);
        tombstoned.remove(event.kid());
    }

    @Override
    public void tombstone(String kid) {
        log.add(new Published(kid, null));
        latest.remove(kid);
        tombstoned.add(kid);
    }

    @Override
    public void onChange(BiConsumer<String, PublicKeyEvent> listener) {
    }

    List<Published> since(int index) {
        return List.copyOf(log.subList(index, log.size()));
    }
}
