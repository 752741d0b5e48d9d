package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.grpc.OperationRegistry;
import com.ticketing.gateway.adapter.grpc.SampleServices;
import com.ticketing.gateway.domain.route.HttpMethod;
import com.ticketing.gateway.domain.route.IdempotencyKeyUse;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteKind;
import com.ticketing.gateway.domain.route.RouteTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * One round of the warm-up: {@link #CONNECTIONS} keep-alive connections send the sample traffic
 * ({@link #exchanges}) in turn to a sample instance until the JIT has settled ({@link Settling}) or
 * the deadline passes. Counts what was sent and what was answered as a real instance would answer it.
 */
final class WarmupDrive {

    /** Concurrent requests of the drive. */
    static final int CONNECTIONS = 16;
    /** Pause of a connection after a failed exchange, so that a broken instance is not hammered. */
    static final Duration BACKOFF = Duration.ofMillis(20);
    static final Duration TICK = Duration.ofMillis(500);

    /** Index of the requests sent, and of those answered with the expected class of status, in the counts. */
    static final int SENT = 0;
    static final int AS_EXPECTED = 1;

    /** The path parameter of the samples: letters, digits and a dash, as the platform's ids have. */
    static final String SAMPLE_ID = Warmup.SAMPLE + "-0042";
    /** The Idempotency-Key of the samples that send one (the sample services keep nothing). */
    static final String IDEMPOTENCY_KEY = Warmup.SAMPLE + "-key";

    private WarmupDrive() {
    }

    /**
     * One request of the drive: its bytes, and the class of status a real instance answers it with
     * (2 for 2xx, 4 for 4xx).
     */
    record Exchange(String name, byte[] bytes, int statusClass) {

        boolean expected(int status) {
            return status / 100 == statusClass;
        }
    }

    /**
     * The sample traffic: what the real instance's first minute brings, so that the JIT compiles
     * every path of it and the real instance's first requests throw no compiled code away.
     * <ul>
     *   <li>every route that transcodes a unary call, and the login, with a sample path parameter
     *       ({@link #SAMPLE_ID}): GET and DELETE as they are, a GET with query parameters once more
     *       with every one of them, POST and PUT with a JSON body of a sample of the operation's
     *       message ({@link SampleServices#sampleJson}: a route that reads a body binds no path or
     *       query field) and an Idempotency-Key where the route takes one;</li>
     *   <li>the refusals a real instance answers every minute: no token (401), a thing the service
     *       does not have ({@link SampleServices#MISSING}, 404), no such route (404), a body that is
     *       not JSON (400);</li>
     *   <li>the health probes of Kubernetes.</li>
     * </ul>
     * Logins are sent like the routes, with a sample body: the warm-up has the sample auth service
     * answer them with tokens the instance accepts. Refreshes, logouts and streams are left out: a
     * refresh rotates and a logout revokes the session the drive uses, and a stream stays open.
     *
     * @param port  the sample instance's port (probes name it in their Host field, as the kubelet does)
     * @param token a bearer token of the sample user
     */
    static List<Exchange> exchanges(RouteTable routes, OperationRegistry operations, String token, int port) {
        String bearer = "Bearer " + token;
        List<Exchange> exchanges = new ArrayList<>();
        List<Route> transcoded = routes.routes(route -> route.kind() == RouteKind.TRANSCODE);
        List<Route> sent = routes.routes(route -> route.kind() == RouteKind.TRANSCODE || route.kind() == RouteKind.LOGIN);
        for (Route route : sent) {
            String authorization = authorization(route, bearer);
            String body = route.jsonBody()
                    ? SampleServices.sampleJson(operations.require(route.operation()).request().prototype(), Warmup.SAMPLE) : null;
            String key = route.idempotencyKey() == IdempotencyKeyUse.NONE ? null : IDEMPOTENCY_KEY;
            String path = samplePath(route, SAMPLE_ID);
            exchanges.add(new Exchange(route.id(), WarmupClient.request(route.method().name(), path, authorization, key, body), 2));
            if (!route.queryFields().isEmpty()) {
                exchanges.add(new Exchange(route.id() + "?", WarmupClient.get(path + sampleQuery(route), authorization), 2));
            }
        }
        Route protectedRead = transcoded.stream()
                .filter(route -> route.requiresAuth() && route.method() == HttpMethod.GET && !route.pathFields().isEmpty())
                .findFirst().orElse(null);
        if (protectedRead != null) {
            exchanges.add(new Exchange("no token", WarmupClient.get(samplePath(protectedRead, SAMPLE_ID), null), 4));
            exchanges.add(new Exchange("not found", WarmupClient.get(samplePath(protectedRead, SampleServices.MISSING), bearer), 4));
        }
        exchanges.add(new Exchange("no such route", WarmupClient.get("/api/v1/" + Warmup.SAMPLE, null), 4));
        transcoded.stream().filter(Route::jsonBody).findFirst().ifPresent(route -> exchanges.add(new Exchange("not JSON",
                WarmupClient.request(route.method().name(), samplePath(route, SAMPLE_ID),
                        authorization(route, bearer), null, "{\"" + Warmup.SAMPLE), 4)));
        for (String probe : List.of("/health", "/health/liveness", "/health/readiness")) {
            exchanges.add(new Exchange(probe, WarmupClient.get(probe, null, "127.0.0.1:" + port), 2));
        }
        return List.copyOf(exchanges);
    }

    private static String authorization(Route route, String bearer) {
        return route.requiresAuth() ? bearer : null;
    }

    /**
     * A query string with every query parameter of the route: the sample text, or the least value
     * of a parameter with a range; in the order of their names.
     */
    static String sampleQuery(Route route) {
        StringJoiner query = new StringJoiner("&", "?", "");
        new TreeSet<>(route.queryFields().keySet()).forEach(name -> query.add(name + "="
                + (route.queryRanges().containsKey(name) ? route.queryRanges().get(name).min() : Warmup.SAMPLE)));
        return query.toString();
    }

    /** The route's path with every parameter {@code text}. */
    static String samplePath(Route route, String text) {
        return route.path().toString().replaceAll("\\{[^}]+}", text);
    }

    /**
     * Drives the instance on {@code port} with {@code requests}, each connection starting at another
     * one, until settled or {@code deadline} ({@link System#nanoTime()}); adds to {@code counts}, and
     * each exchange's name and status to {@code unexpected} when it is answered with a status of another class.
     */
    static void drive(int port, List<Exchange> requests, long deadline, LongSupplier compiledMillis,
                      AtomicLongArray counts, Set<String> unexpected) throws InterruptedException {
        if (requests.isEmpty()) {
            return;
        }
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        AtomicBoolean stop = new AtomicBoolean();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CONNECTIONS; c++) {
                int first = c;
                threads.execute(() -> send(address, requests, first, stop, counts, unexpected));
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

    private static void send(InetSocketAddress address, List<Exchange> requests, int first, AtomicBoolean stop,
                             AtomicLongArray counts, Set<String> unexpected) {
        try (WarmupClient client = new WarmupClient(address)) {
            for (int i = first; !stop.get(); i++) {
                counts.incrementAndGet(SENT);
                try {
                    Exchange exchange = requests.get(i % requests.size());
                    int status = client.send(exchange.bytes());
                    if (exchange.expected(status)) {
                        counts.incrementAndGet(AS_EXPECTED);
                    } else {
                        unexpected.add(exchange.name() + " " + status);
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
