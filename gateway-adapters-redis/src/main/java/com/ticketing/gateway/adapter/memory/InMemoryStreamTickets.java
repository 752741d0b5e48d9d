package com.ticketing.gateway.adapter.memory;

import com.ticketing.gateway.domain.model.StreamGrant;
import com.ticketing.gateway.domain.port.StreamTickets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stream tickets of a single gateway instance, the default when no Redis is configured. A grant
 * is gone from its {@code expiresAt} on ({@link Clock} time); expired entries are dropped when
 * read, and a sweep at most every {@link #SWEEP_INTERVAL} (run by saving, the only operation that
 * adds entries) drops the rest. Thread-safe; never throws {@code StoreUnavailableException}.
 */
public final class InMemoryStreamTickets implements StreamTickets {

    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final ConcurrentHashMap<String, StreamGrant> grants = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AtomicReference<Instant> nextSweep;

    public InMemoryStreamTickets(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextSweep = new AtomicReference<>(clock.instant().plus(SWEEP_INTERVAL));
    }

    @Override
    public void save(String ticket, StreamGrant grant) {
        Instant now = clock.instant();
        sweepIfDue(now);
        if (grant.validAt(now)) {
            grants.put(ticket, grant);
        }
    }

    @Override
    public Optional<StreamGrant> find(String ticket) {
        StreamGrant grant = grants.get(ticket);
        if (grant != null && !grant.validAt(clock.instant())) {
            grants.remove(ticket, grant);
            return Optional.empty();
        }
        return Optional.ofNullable(grant);
    }

    /** How many grants are held, expired ones not yet dropped included. For tests. */
    int size() {
        return grants.size();
    }

    private void sweepIfDue(Instant now) {
        Instant due = nextSweep.get();
        if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(SWEEP_INTERVAL))) {
            return;
        }
        grants.values().removeIf(grant -> !grant.validAt(now));
    }
}
