package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Exactly one long-lived channel per {@link Upstream}, built at startup and shared by every
 * request. Thread-safe. {@link #close()} shuts all of them down, waiting briefly for calls in flight.
 */
public final class GrpcChannels implements AutoCloseable {

    /** How long {@link #close()} waits in total for calls in flight before cutting them off. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private final Map<Upstream, ManagedChannel> managed;
    /** The event loops the channels run on; null for ready-made channels. */
    private final EventLoopGroup loops;
    private final Map<Upstream, Channel> channels;
    /** Ends what the channels run on (their event loops); run after they have terminated. */
    private final Runnable endTransport;

    /**
     * Opens a channel to each service's target, all on one shared group of event loops;
     * connections are made on first use.
     */
    public GrpcChannels(GrpcClientSettings settings) {
        this(new NettyChannelFactory(settings), settings);
    }

    private GrpcChannels(NettyChannelFactory factory, GrpcClientSettings settings) {
        this(open(factory), factory.loops(), settings.maxOutboundMessageBytes(), settings.compression(),
                factory::close);
    }

    /** Takes ready-made channels (e.g. in-process ones), one for each {@link Upstream}; closes them on {@link #close()}. */
    public GrpcChannels(Map<Upstream, ManagedChannel> channels) {
        this(channels, null, GrpcClientSettings.DEFAULT_MAX_MESSAGE_BYTES, Map.of(), () -> { });
    }

    private GrpcChannels(Map<Upstream, ManagedChannel> channels, EventLoopGroup loops, int maxOutboundMessageBytes,
                         Map<Upstream, GrpcCompression> compression, Runnable endTransport) {
        this.endTransport = endTransport;
        this.loops = loops;
        Objects.requireNonNull(channels, "channels");
        Map<Upstream, ManagedChannel> copy = new EnumMap<>(Upstream.class);
        Map<Upstream, Channel> limited = new EnumMap<>(Upstream.class);
        OutboundSizeLimit limit = new OutboundSizeLimit(maxOutboundMessageBytes);
        for (Upstream service : Upstream.values()) {
            ManagedChannel channel = channels.get(service);
            if (channel == null) {
                throw new IllegalArgumentException("no channel for " + service.healthName());
            }
            copy.put(service, channel);
            Channel sized = ClientInterceptors.intercept(channel, limit);
            GrpcCompression messages = compression.getOrDefault(service, GrpcCompression.IDENTITY);
            limited.put(service, messages == GrpcCompression.IDENTITY ? sized
                    : ClientInterceptors.intercept(sized, new CompressedCalls(messages)));
        }
        this.managed = Collections.unmodifiableMap(copy);
        this.channels = Collections.unmodifiableMap(limited);
    }

    private static Map<Upstream, ManagedChannel> open(NettyChannelFactory factory) {
        Map<Upstream, ManagedChannel> opened = new EnumMap<>(Upstream.class);
        try {
            for (Upstream service : Upstream.values()) {
                opened.put(service, factory.open(service));
            }
        } catch (RuntimeException e) {
            opened.values().forEach(ManagedChannel::shutdownNow);
            factory.close();
            throw e;
        }
        return opened;
    }

    /**
     * The event loops the channels run on (their connections' I/O and grpc's timers), for other
     * Netty clients of the gateway to register their connections on: a loop that is awake for the
     * calls then serves those too, instead of a second group of threads being woken for them.
     * Such connections must be closed before {@link #close()}, which ends the loops. Empty for
     * ready-made channels.
     */
    public Optional<EventLoopGroup> eventLoops() {
        return Optional.ofNullable(loops);
    }

    /** The channel calls to {@code service} go through. */
    public Channel channel(Upstream service) {
        return channels.get(Objects.requireNonNull(service, "service"));
    }

    /**
     * Makes the service's channel reconnect now: instances waiting out grpc's reconnect backoff
     * (which grows to two minutes over a long outage) are tried at once.
     */
    public void resetConnectBackoff(Upstream service) {
        managed.get(Objects.requireNonNull(service, "service")).resetConnectBackoff();
    }

    /**
     * The channel's connectivity as {@code /health/detailed} reports it: {@code idle},
     * {@code connecting}, {@code connected}, {@code transient_failure} or {@code shutdown}.
     * Never starts a connection.
     */
    public String state(Upstream service) {
        return describe(managed.get(Objects.requireNonNull(service, "service")).getState(false));
    }

    static String describe(ConnectivityState state) {
        return switch (state) {
            case IDLE -> "idle";
            case CONNECTING -> "connecting";
            case READY -> "connected";
            case TRANSIENT_FAILURE -> "transient_failure";
            case SHUTDOWN -> "shutdown";
        };
    }

    /**
     * Shuts every channel down, waits up to {@link #SHUTDOWN_GRACE} in all, then cancels what is
     * left and, once the channels have terminated, ends the event loops (even if interrupted).
     */
    @Override
    public void close() {
        managed.values().forEach(ManagedChannel::shutdown);
        awaitTermination();
        managed.values().forEach(ManagedChannel::shutdownNow);
        try {
            awaitTermination();
        } finally {
            endTransport.run();
        }
    }

    /** Waits up to {@link #SHUTDOWN_GRACE} in all for every channel to terminate; an interrupt ends the wait. */
    private void awaitTermination() {
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        try {
            for (ManagedChannel channel : managed.values()) {
                channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
