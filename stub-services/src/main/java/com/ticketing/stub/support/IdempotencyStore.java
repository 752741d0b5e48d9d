package com.ticketing.stub.support;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Results of writes stored per (user, idempotency key). Thread-safe: concurrent calls with one
 * key run the action at most once, because the action runs while that key's slot is locked;
 * calls with other keys are not blocked. Entries are kept for the life of the process.
 *
 * @param <R> the stored result
 */
public final class IdempotencyStore<R> {

    private final ConcurrentHashMap<Scope, Slot<R>> slots = new ConcurrentHashMap<>();

    /**
     * Runs {@code action} unless the key was used before. An action that throws stores nothing,
     * so the same key may be retried after a rejected request.
     *
     * @param fingerprint a value equal for equal requests (e.g. a record of the body's fields)
     */
    public IdempotentOutcome<R> execute(String userId, String key, Object fingerprint, Supplier<R> action) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Slot<R> slot = slots.computeIfAbsent(new Scope(userId, key), scope -> new Slot<>());
        synchronized (slot) {
            if (slot.fingerprint != null) {
                return slot.fingerprint.equals(fingerprint)
                        ? new IdempotentOutcome.Replayed<>(slot.result)
                        : new IdempotentOutcome.Conflict<>();
            }
            R result = action.get();
            slot.fingerprint = fingerprint;
            slot.result = result;
            return new IdempotentOutcome.Fresh<>(result);
        }
    }

    private record Scope(String userId, String key) {
        Scope {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Guarded by its own monitor. */
    private static final class Slot<R> {
        private Object fingerprint;
        private R result;
    }
}
