package com.ticketing.gateway.adapter.rest;

import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code max} of something held at once per key (a client address's requests in flight, a
 * user's open streams). A key holding nothing takes no memory. Thread-safe.
 */
final class KeyedQuota {

    private final int max;
    private final ConcurrentHashMap<String, Integer> held = new ConcurrentHashMap<>();

    KeyedQuota(int max) {
        this.max = max;
    }

    /** One more for {@code key}, unless it holds {@code max} already; whether it was taken. */
    boolean take(String key) {
        boolean[] taken = new boolean[1];
        held.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives one back for {@code key}; it must have taken one. */
    void giveBack(String key) {
        held.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
    }

    /** What {@code key} holds now. */
    int held(String key) {
        return held.getOrDefault(key, 0);
    }
}
