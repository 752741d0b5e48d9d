package com.ticketing.stub.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyStoreTest {

    private final IdempotencyStore<String> store = new IdempotencyStore<>();

    @Test
    void sameKeyAndBodyReplaysTheFirstResultWithoutRunningAgain() {
        AtomicInteger runs = new AtomicInteger();

        IdempotentOutcome<String> first = store.execute("u1", "k1", "body", () -> "result-" + runs.incrementAndGet());
        IdempotentOutcome<String> second = store.execute("u1", "k1", "body", () -> "result-" + runs.incrementAndGet());

        assertThat(first).isEqualTo(new IdempotentOutcome.Fresh<>("result-1"));
        assertThat(second).isEqualTo(new IdempotentOutcome.Replayed<>("result-1"));
        assertThat(runs).hasValue(1);
    }

    @Test
    void sameKeyWithAnotherBodyIsAConflict() {
        store.execute("u1", "k1", "body", () -> "first");

        assertThat(store.execute("u1", "k1", "other body", () -> "second"))
                .isEqualTo(new IdempotentOutcome.Conflict<>());
    }

    @Test
    void keysAreScopedPerUser() {
        store.execute("u1", "k1", "body", () -> "first");

        assertThat(store.execute("u2", "k1", "body", () -> "second"))
                .isEqualTo(new IdempotentOutcome.Fresh<>("second"));
    }

    @Test
    void failedActionStoresNothingSoTheKeyCanBeRetried() {
        assertThatThrownBy(() -> store.execute("u1", "k1", "body", () -> {
            throw new IllegalStateException("rejected");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(store.execute("u1", "k1", "body", () -> "second"))
                .isEqualTo(new IdempotentOutcome.Fresh<>("second"));
    }

    @Test
    void concurrentCallsWithOneKeyRunTheActionOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<IdempotentOutcome<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return store.execute("u1", "k1", "body", () -> "result-" + runs.incrementAndGet());
                }));
            }
            start.countDown();
            int fresh = 0;
            for (Future<IdempotentOutcome<String>> call : calls) {
                IdempotentOutcome<String> outcome = call.get();
                if (outcome instanceof IdempotentOutcome.Fresh) {
                    fresh++;
                } else {
                    assertThat(outcome).isEqualTo(new IdempotentOutcome.Replayed<>("result-1"));
                }
            }
            assertThat(fresh).isEqualTo(1);
            assertThat(runs).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
