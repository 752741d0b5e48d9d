package com.ticketing.gateway.app;

import com.ticketing.gateway.domain.route.HttpMethod;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteKind;
import com.ticketing.gateway.domain.route.RouteTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * One round of the warm-up: {@link #CONNECTIONS} keep-alive connections send the GET routes of
 * the route table, in turn, to a sample instance until the JIT has settled ({@link Settling}) or
 * the deadline passes. Counts what was sent and what was answered 2xx.
 */
final class WarmupDrive {

    /** Concurrent requests of the drive. */
    static final int CONNECTIONS = 16;
    /** Pause of a connection after a failed exchange, so that a broken instance is not hammered. */
    static final Duration BACKOFF = Duration.ofMillis(20);
    static final Duration TICK = Duration.ofMillis(500);

    /** Index of the requests sent, and of those answered 2xx, in the counts. */
    static final int SENT = 0;
    static final int ANSWERED_2XX = 1;

    private WarmupDrive() {
    }

    /** The routes driven: every GET route that answers with a reply. */
    static List<Route> drivenRoutes(RouteTable routes) {
        return routes.routes(route -> route.method() == HttpMethod.GET && route.kind() == RouteKind.TRANSCODE);
    }

    /** The route's path with every parameter the sample text. */
    static String samplePath(Route route) {
        return route.path().toString().replaceAll("\\{[^}]+}", Warmup.SAMPLE);
    }

    /**
     * Drives the instance on {@code port} with {@code routes} (bearer {@code token} where a route
     * needs one) until settled or {@code deadline} ({@link System#nanoTime()}); adds to {@code counts}.
     */
    static void drive(int port, List<Route> routes, String token, long deadline, LongSupplier compiledMillis,
                      AtomicLongArray counts) throws InterruptedException {
        List<byte[]> requests = routes.stream()
                .map(route -> WarmupClient.get(samplePath(route), route.requiresAuth() ? "Bearer " + token : null))
                .toList();
        if (requests.isEmpty()) {
            return;
        }
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CONNECTIONS; c++) {
                int first = c;
                threads.execute(() -> send(address, requests, first, stop, counts));
            }
            try {
                Settling settling = new Settling(System.nanoTime(), compiledMillis.getAsLong());
                while (System.nanoTime() - deadline < 0 && !settling.settled(System.nanoTime(), compiledMillis.getAsLong())) {
                    Thread.sleep(TICK);
                }
            } finally {
                stop.set(true);
            }
        }
    }

    private static void send(InetSocketAddress address, List<byte[]> requests, int first, AtomicBoolean stop,
                             AtomicLongArray counts) {
        try (WarmupClient client = new WarmupClient(address)) {
            for (int i = first; !stop.get(); i++) {
                counts.incrementAndGet(SENT);
                try {
                    if (client.send(requests.get(i % requests.size())) / 100 == 2) {
                        counts.incrementAndGet(ANSWERED_2XX);
                    }
                } catch (IOException e) {
                    Thread.sleep(BACKOFF);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * When the JIT has done what the load asks of it: after at least {@link #MIN}, the JIT spent
     * under {@link #SETTLED_JIT} compiling over the last {@link #WINDOW} (sampled every
     * {@link #TICK}; the JIT's time is summed over its threads, which share the CPUs with the load).
     */
    static final class Settling {

        static final Duration MIN = Duration.ofSeconds(4);
        static final Duration WINDOW = Duration.ofMillis(1500);
        static final Duration SETTLED_JIT = Duration.ofMillis(100);

        private final long start;
        private final long[] jitMillis = new long[(int) (WINDOW.toMillis() / TICK.toMillis())];
        private int ticks;

        /** @param jitMillis the JIT's total compile time at {@code startNanos} */
        Settling(long startNanos, long jitMillis) {
            this.start = startNanos;
            Arrays.fill(this.jitMillis, jitMillis);
        }

        /** Takes one sample (every {@link #TICK}); true once settled. */
        boolean settled(long nowNanos, long jitMillis) {
            int slot = ticks++ % this.jitMillis.length;
            long windowAgo = this.jitMillis[slot];
            this.jitMillis[slot] = jitMillis;
            return nowNanos - start >= MIN.toNanos() && ticks >= this.jitMillis.length
                    && jitMillis - windowAgo < SETTLED_JIT.toMillis();
        }
    }
}
