package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link HealthProbe} that records what it was asked, in order ({@code reset <service>},
 * {@code check <service> <deadline>}), and leaves each check pending until the test answers it
 * with {@link #answer}. Thread-safe.
 */
final class FakeHealthProbe implements HealthProbe {

    private final List<String> asked = new ArrayList<>();
    private final List<CompletableFuture<Boolean>> checks = new ArrayList<>();
    private RuntimeException failure;

    @Override
    public synchronized void resetConnectBackoff(Upstream service) {
        asked.add("reset " + service.healthName());
    }

    @Override
    public CompletionStage<Boolean> serving(Upstream service, Duration deadline) {
        CompletableFuture<Boolean> check = new CompletableFuture<>();
        synchronized (this) {
            asked.add("check " + service.healthName() + " " + deadline);
            if (failure != null) {
                throw failure;
            }
            checks.add(check);
        }
        return check;
    }

    /** Answers the oldest pending check: true for SERVING. */
    void answer(boolean serving) {
        CompletableFuture<Boolean> check;
        synchronized (this) {
            check = checks.stream().filter(c -> !c.isDone()).findFirst()
                    .orElseThrow(() -> new AssertionError("no health check is pending"));
        }
        check.complete(serving);
    }

    /** From now on every check throws {@code failure} (a broken probe). */
    synchronized void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    synchronized List<String> asked() {
        return List.copyOf(asked);
    }

    synchronized long checks() {
        return asked.stream().filter(line -> line.startsWith("check ")).count();
    }
}
