package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the health of every service by the grpc.health.v1 protocol, checked in the background so
 * that {@code /health/detailed} reads a snapshot and never calls a service per request. One
 * check round asks each service (through its load-balanced channel, so any serving instance
 * answers) for the health of the whole server, all at once, each with {@link #checkTimeout}.
 * A service counts as serving only when it answers SERVING: no answer, NOT_SERVING, or no health
 * service at all (UNIMPLEMENTED) is not serving. Until the first round, nothing is serving.
 *
 * <p>Every check that finds a service not serving also resets its channel's reconnect backoff.
 * grpc's backoff grows to two minutes over a long outage; without the reset a service that comes
 * back would wait out that backoff unseen (the checks go through the same channel) whenever no
 * circuit breaker trial resets it first, e.g. when no client called during the outage. With it,
 * instances are tried again at least once per check interval.
 *
 * <p>Thread-safe; one daemon thread while started.
 */
public final class GrpcHealthMonitor implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(GrpcHealthMonitor.class.getName());
    private static final HealthCheckRequest WHOLE_SERVER = HealthCheckRequest.newBuilder().setService("").build();

    private final GrpcChannels channels;
    private final Duration interval;
    private final Duration checkTimeout;
    private final Map<Upstream, Boolean> serving = new ConcurrentHashMap<>();
    /** Services the first check found not serving, until the next check of each. */
    private final Set<Upstream> unconfirmed = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService scheduler;

    public GrpcHealthMonitor(GrpcChannels channels) {
        this(channels, DEFAULT_INTERVAL, DEFAULT_CHECK_TIMEOUT);
    }

    /**
     * @param interval     the pause between the end of one check round and the start of the next
     * @param checkTimeout the deadline of each check; less than {@code interval}
     */
    public GrpcHealthMonitor(GrpcChannels channels, Duration interval, Duration checkTimeout) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.checkTimeout = Objects.requireNonNull(checkTimeout, "checkTimeout");
        if (checkTimeout.isNegative() || checkTimeout.isZero() || interval.compareTo(checkTimeout) <= 0) {
            throw new IllegalArgumentException("health check timeout must be positive and below the interval");
        }
    }

    /** Starts checking now and then every {@code interval}; idempotent. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("grpc-health-monitor").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::checkRound, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Checks every service once, now; returns when all answered or timed out. */
    public void checkNow() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(Upstream.values().length);
        for (Upstream service : Upstream.values()) {
            HealthGrpc.newStub(channels.channel(service))
                    .withDeadlineAfter(checkTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .check(WHOLE_SERVER, new StreamObserver<>() {
                        @Override
                        public void onNext(HealthCheckResponse response) {
                            record(service, response.getStatus() == HealthCheckResponse.ServingStatus.SERVING,
                                    "it answered " + response.getStatus());
                        }

                        @Override
                        public void onError(Throwable t) {
                            record(service, false, why(t));
                            done.countDown();
                        }

                        @Override
                        public void onCompleted() {
                            done.countDown();
                        }
                    });
        }
        // The deadlines bound every check; the margin covers the callbacks themselves.
        done.await(checkTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    }

    /** The last known health of every service, with its channel's connectivity now. */
    public Map<Upstream, ServiceHealth> snapshot() {
        Map<Upstream, ServiceHealth> snapshot = new EnumMap<>(Upstream.class);
        for (Upstream service : Upstream.values()) {
            snapshot.put(service, new ServiceHealth(serving.getOrDefault(service, false), channels.state(service)));
        }
        return Collections.unmodifiableMap(snapshot);
    }

    /** Stops checking; the channels stay open (they belong to {@link GrpcChannels}). */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private void checkRound() {
        try {
            checkNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Never let one bad round end the schedule.
            LOG.log(System.Logger.Level.WARNING, "gRPC health check round failed", e);
        }
    }

    private void record(Upstream service, boolean nowServing, String why) {
        if (!nowServing) {
            channels.resetConnectBackoff(service);
        }
        Boolean before = serving.put(service, nowServing);
        boolean starting = before == null ? !nowServing && unconfirmed.add(service) : unconfirmed.remove(service);
        note(before, nowServing, starting).ifPresent(level -> LOG.log(level, "{0} is {1}", service.healthName(),
                nowServing ? "serving"
                        : (level == System.Logger.Level.INFO ? "not serving yet: " : "not serving: ") + why));
    }

    /**
     * Why a check failed, for the operator: its status and the innermost cause, which names what
     * the connection failed on (a TLS handshake: an unknown certificate authority, a missing client
     * certificate; a refused connection; a name that does not resolve).
     */
    static String why(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        StringBuilder why = new StringBuilder(status.getCode().name());
        String description = status.getDescription();
        if (description != null) {
            int lineEnd = description.indexOf('\n'); // grpc adds the channel's pipeline on a line of its own
            why.append(": ").append(lineEnd < 0 ? description : description.substring(0, lineEnd));
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != failure) {
            why.append(" (").append(root.getClass().getName());
            if (root.getMessage() != null) {
                why.append(": ").append(root.getMessage());
            }
            why.append(')');
        }
        return why.toString();
    }

    /**
     * What a check's result is worth a log line at: a change, at INFO when a service serves and at
     * WARNING when it stops. The first check runs while the process and its channels are still
     * starting, and often ends before a first connection is made: a service not serving then is
     * noted at INFO, and warned about only if the next check finds it not serving still.
     *
     * @param before   the result of the check before, null for the first
     * @param starting whether {@code before} was that first check's not serving (or this is it)
     */
    static Optional<System.Logger.Level> note(Boolean before, boolean nowServing, boolean starting) {
        if (nowServing) {
            return Boolean.TRUE.equals(before) ? Optional.empty() : Optional.of(System.Logger.Level.INFO);
        }
        if (before == null) {
            return Optional.of(System.Logger.Level.INFO);
        }
        return before || starting ? Optional.of(System.Logger.Level.WARNING) : Optional.empty();
    }
}
