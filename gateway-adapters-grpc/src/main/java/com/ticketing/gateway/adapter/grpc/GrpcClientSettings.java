package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the gateway reaches its services: one target and one {@link LoadBalancing} policy per
 * {@link Upstream}; HTTP/2 keepalive, message size limits and transport security (plaintext or
 * {@link GrpcTls}) shared by all channels. Immutable; a setting out of range refuses to build with
 * a message naming it.
 *
 * @param targets                where each service's instances are
 * @param keepAliveTime          idle time on a connection with calls in flight before a ping is sent
 * @param keepAliveTimeout       how long a ping may go unanswered before the connection is dropped
 * @param maxInboundMessageBytes the largest reply message accepted
 * @param maxOutboundMessageBytes the largest request message sent
 * @param loadBalancing          how each service's calls are spread; a service left out is
 *                               {@link LoadBalancing#ROUND_ROBIN}
 * @param tls                    TLS (or mutual TLS) on every channel; empty: plaintext
 * @param compression            how request messages to each service are compressed; a service left
 *                               out is {@link GrpcCompression#IDENTITY}
 * @param eventLoopThreads       the event loops all channels share (their connections' I/O, and
 *                               grpc's timers: every call's deadline is scheduled on one of them)
 */
public record GrpcClientSettings(Map<Upstream, GrpcTarget> targets, Duration keepAliveTime,
                                 Duration keepAliveTimeout, int maxInboundMessageBytes,
                                 int maxOutboundMessageBytes, Map<Upstream, LoadBalancing> loadBalancing,
                                 Optional<GrpcTls> tls, Map<Upstream, GrpcCompression> compression,
                                 int eventLoopThreads) {

    public static final Duration DEFAULT_KEEP_ALIVE_TIME = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    public GrpcClientSettings {
        Objects.requireNonNull(targets, "targets");
        for (Upstream service : Upstream.values()) {
            if (targets.get(service) == null) {
                throw new IllegalArgumentException("no gRPC target for " + service.healthName());
            }
        }
        targets = Collections.unmodifiableMap(new EnumMap<>(targets));
        loadBalancing = everyService(loadBalancing, LoadBalancing.ROUND_ROBIN, "loadBalancing");
        requirePositive(keepAliveTime, "gRPC keepalive time");
        requirePositive(keepAliveTimeout, "gRPC keepalive timeout");
        if (maxInboundMessageBytes <= 0) {
            throw new IllegalArgumentException("gRPC max receive message length must be positive");
        }
        if (maxOutboundMessageBytes <= 0) {
            throw new IllegalArgumentException("gRPC max send message length must be positive");
        }
        Objects.requireNonNull(tls, "tls");
        compression = everyService(compression, GrpcCompression.IDENTITY, "compression");
        requirePositiveLoops(eventLoopThreads);
    }

    /**
     * One event loop for every four CPUs, at least one: a loop handles tens of thousands of calls
     * a second, and every loop more is one more thread that grpc's deadline timers wake.
     */
    public static int defaultEventLoopThreads(int cpus) {
        return Math.max(1, cpus / 4);
    }

    public GrpcTarget target(Upstream service) {
        return targets.get(service);
    }

    public LoadBalancing loadBalancing(Upstream service) {
        return loadBalancing.get(service);
    }

    public GrpcCompression compression(Upstream service) {
        return compression.get(service);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static <T> Map<Upstream, T> everyService(Map<Upstream, T> values, T fallback, String name) {
        Objects.requireNonNull(values, name);
        Map<Upstream, T> complete = new EnumMap<>(Upstream.class);
        for (Upstream service : Upstream.values()) {
            complete.put(service, values.getOrDefault(service, fallback));
        }
        return Collections.unmodifiableMap(complete);
    }

    private static int requirePositiveLoops(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("gRPC event loop threads must be positive, not " + threads);
        }
        return threads;
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Collects settings; the defaults (plaintext among them) apply to everything but the targets. */
    public static final class Builder {
        private final Map<Upstream, GrpcTarget> targets = new EnumMap<>(Upstream.class);
        private final Map<Upstream, LoadBalancing> loadBalancing = new EnumMap<>(Upstream.class);
        private final Map<Upstream, GrpcCompression> compression = new EnumMap<>(Upstream.class);
        private Duration keepAliveTime = DEFAULT_KEEP_ALIVE_TIME;
        private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;
        private int maxInboundMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private int maxOutboundMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private Optional<GrpcTls> tls = Optional.empty();
        private int eventLoopThreads = defaultEventLoopThreads(Runtime.getRuntime().availableProcessors());

        private Builder() {
        }

        /** A target as configured; see {@link GrpcTarget#parse}. */
        public Builder target(Upstream service, String target) {
            targets.put(service, GrpcTarget.parse(service, target));
            return this;
        }

        /** How {@code service}'s calls are spread; {@link LoadBalancing#ROUND_ROBIN} unless set. */
        public Builder loadBalancing(Upstream service, LoadBalancing policy) {
            loadBalancing.put(Objects.requireNonNull(service, "service"), Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** A policy as configured ({@code round_robin} or {@code sticky}); see {@link LoadBalancing#parse}. */
        public Builder loadBalancing(Upstream service, String policy) {
            return loadBalancing(service, LoadBalancing.parse(service, policy));
        }

        /** Calls of one user go to one instance of {@code service}: {@link LoadBalancing#STICKY_USER}. */
        public Builder stickyByUser(Upstream service) {
            return loadBalancing(service, LoadBalancing.STICKY_USER);
        }

        /** How request messages to {@code service} are compressed; {@link GrpcCompression#IDENTITY} unless set. */
        public Builder compression(Upstream service, GrpcCompression value) {
            compression.put(Objects.requireNonNull(service, "service"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** A compression as configured ({@code identity} or {@code gzip}); see {@link GrpcCompression#parse}. */
        public Builder compression(Upstream service, String value) {
            return compression(service, GrpcCompression.parse(service, value));
        }

        public Builder keepAliveTime(Duration value) {
            this.keepAliveTime = value;
            return this;
        }

        public Builder keepAliveTimeout(Duration value) {
            this.keepAliveTimeout = value;
            return this;
        }

        public Builder maxInboundMessageBytes(int value) {
            this.maxInboundMessageBytes = value;
            return this;
        }

        public Builder maxOutboundMessageBytes(int value) {
            this.maxOutboundMessageBytes = value;
            return this;
        }

        /** Every channel over TLS as {@code settings} says; see {@link GrpcTls#of} for the configured form. */
        public Builder tls(GrpcTls settings) {
            this.tls = Optional.of(Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /** How many event loops the channels share; {@link #defaultEventLoopThreads} unless set. */
        public Builder eventLoopThreads(int value) {
            this.eventLoopThreads = requirePositiveLoops(value);
            return this;
        }

        public GrpcClientSettings build() {
            return new GrpcClientSettings(targets, keepAliveTime, keepAliveTimeout, maxInboundMessageBytes,
                    maxOutboundMessageBytes, loadBalancing, tls, compression, eventLoopThreads);
        }
    }
}
