package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one place channels are built: every instance health-checked by the grpc.health.v1 protocol
 * (an instance reporting NOT_SERVING, or unreachable, leaves the rotation until it serves again),
 * calls spread by the service's {@link LoadBalancing} policy, keepalive and message limits, and
 * transport security: plaintext, or TLS per {@link GrpcTls} with the credentials made once in
 * {@link #credentials} and shared by every channel. Over TLS an instance of a host:port list is
 * verified against its own host (as a {@code dns:///} target is against its name), unless
 * {@link GrpcTls#authority()} names one for all.
 *
 * <p>Policies, by service config:
 * <ul>
 *   <li>{@link LoadBalancing#ROUND_ROBIN} over instances of equal weight: grpc's own
 *       {@code round_robin} (health-checked by grpc-services, on the classpath);</li>
 *   <li>{@link LoadBalancing#ROUND_ROBIN} over weighted instances: {@code weighted_sticky} with
 *       {@code sticky: false}, a weighted round robin;</li>
 *   <li>{@link LoadBalancing#STICKY_USER}: {@code weighted_sticky} with {@code sticky: true}.</li>
 * </ul>
 * Each inside grpc's outlier detection ({@link #outlierDetection}), which takes out an instance
 * whose calls fail.
 */
final class NettyChannelFactory implements AutoCloseable {

    /** grpc-util's outlier detection policy (ejects instances whose calls fail). */
    static final String OUTLIER_DETECTION = "outlier_detection_experimental";
    /** How long {@link #close()} waits for the event loops to end. */
    private static final long LOOPS_SHUTDOWN_MILLIS = 2_000;

    /**
     * The service config of a channel. An empty health-check service name asks for the health of
     * the whole server.
     *
     * <p>No {@code methodConfig}, so no {@code retryPolicy} or {@code hedgingPolicy}: grpc's own
     * configurable retries never run, and with service config look-up disabled no DNS record can
     * switch them on; {@link RetryingBackend} is the one layer that retries. grpc's retry machinery
     * itself stays enabled (no {@code disableRetry()}) for its transparent retries only: those
     * replay an RPC solely when it provably never reached the server's application (the stream
     * was refused, or never left the client, e.g. a connection that was going away), at most once
     * for a refused stream. That rescues a write without an idempotency key that a dying instance
     * refused, which no layer above may replay. {@code disableRetry()} would turn those off too.
     *
     * @param weighted whether the instances have different weights
     */
    static Map<String, ?> serviceConfig(LoadBalancing policy, boolean weighted) {
        Map<String, ?> balancing = switch (policy) {
            case ROUND_ROBIN -> weighted
                    ? Map.of(WeightedStickyLoadBalancerProvider.POLICY_NAME, Map.of("sticky", false))
                    : Map.of("round_robin", Map.of());
            case STICKY_USER -> Map.of(WeightedStickyLoadBalancerProvider.POLICY_NAME, Map.of("sticky", true));
        };
        return Map.of(
                "loadBalancingConfig", List.of(Map.of(OUTLIER_DETECTION, outlierDetection(balancing))),
                "healthCheckConfig", Map.of("serviceName", ""));
    }

    /**
     * grpc's outlier detection around the balancing policy: an instance that fails at least 85% of
     * its calls (at least 3 ended in a 2 s interval), while another instance also had calls to
     * judge by, leaves the rotation for 30 s (longer each time again, at most 300 s); at most half of
     * a service's instances are out at once, and a lone instance never. That is what takes a hung
     * instance out (a frozen process, a network black hole), which the health check cannot see: its
     * {@code Watch} stream stays open and silent, and the connection's keep-alive takes 35 s to fail
     * while every call sent to it waits out its deadline. Numbers are doubles, as grpc's JSON parser
     * gives them.
     */
    static Map<String, ?> outlierDetection(Map<String, ?> child) {
        return Map.of(
                "interval", "2s",
                "baseEjectionTime", "30s",
                "maxEjectionTime", "300s",
                "maxEjectionPercent", 50.0,
                "failurePercentageEjection", Map.of("threshold", 85.0, "enforcementPercentage", 100.0,
                        "minimumHosts", 2.0, "requestVolume", 3.0),
                "childPolicy", List.of(child));
    }

    private final GrpcClientSettings settings;
    private final ChannelCredentials credentials;
    private final EventLoopGroup loops;
    private final boolean epoll;

    /**
     * Starts the event loops every channel of this factory shares ({@link
     * GrpcClientSettings#eventLoopThreads()} of them, on epoll where the platform has it), instead
     * of grpc's default group of two loops per CPU. grpc schedules each call's deadline timer on
     * the next loop of its channel's group in turn, and a sleeping loop is woken for it: with four
     * loops on two CPUs three deadlines in four woke a loop that had nothing else to do — a context
     * switch per request, measured in BENCHMARKS.md. Fewer loops keep the timers on the loops
     * that carry the calls, which are awake anyway.
     *
     * @throws IllegalArgumentException naming the setting, when a TLS file cannot be read
     */
    NettyChannelFactory(GrpcClientSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.credentials = credentials(settings.tls());
        WeightedStickyLoadBalancerProvider.register();
        this.epoll = Epoll.isAvailable();
        this.loops = new MultiThreadIoEventLoopGroup(settings.eventLoopThreads(),
                new DefaultThreadFactory("client-io-loop", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** The event loops the channels run on; see {@link GrpcChannels#eventLoops()}. */
    EventLoopGroup loops() {
        return loops;
    }

    /** Ends the event loops; call it once every channel this factory opened is shut down. */
    @Override
    public void close() {
        loops.shutdownGracefully(0, LOOPS_SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(LOOPS_SHUTDOWN_MILLIS + 1_000);
    }

    ManagedChannel open(Upstream service) {
        GrpcTarget target = settings.target(service);
        boolean weighted = target instanceof GrpcTarget.Instances list && list.weighted();
        Optional<String> authority = settings.tls().flatMap(GrpcTls::authority);
        boolean authorityPerInstance = settings.tls().isPresent() && authority.isEmpty();
        NettyChannelBuilder builder = switch (target) {
            case GrpcTarget.Dns dns -> builder(dns.channelTarget());
            case GrpcTarget.Instances list -> withStaticResolver(
                    builder(StaticNameResolverProvider.target(service.healthName())),
                    new StaticNameResolverProvider(list.instances(), authorityPerInstance));
        };
        authority.ifPresent(builder::overrideAuthority);
        return builder
                .eventLoopGroup(loops)
                .channelType(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .defaultServiceConfig(serviceConfig(settings.loadBalancing(service), weighted))
                // Service configs published in DNS TXT records must not switch health checking off.
                .disableServiceConfigLookUp()
                .keepAliveTime(settings.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(settings.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxInboundMessageSize(settings.maxInboundMessageBytes())
                .userAgent("ticketing-gateway")
                .build();
    }

    /**
     * A builder with the shared credentials. grpc turns TLS credentials into an SSL context here, so
     * a file that is not the PEM it should be fails here, at startup.
     */
    private NettyChannelBuilder builder(String target) {
        try {
            return NettyChannelBuilder.forTarget(target, credentials);
        } catch (IllegalArgumentException e) {
            if (settings.tls().isEmpty()) {
                throw e;
            }
            throw new IllegalArgumentException("gRPC TLS files (" + GrpcTls.CA_CERT + ", " + GrpcTls.CLIENT_CERT
                    + ", " + GrpcTls.CLIENT_KEY + ") cannot be used: " + rootMessage(e), e);
        }
    }

    private static ChannelCredentials credentials(Optional<GrpcTls> tls) {
        if (tls.isEmpty()) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
        try {
            builder.trustManager(tls.get().caCertificates().toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(GrpcTls.CA_CERT + " cannot be read: " + e.getMessage(), e);
        }
        if (tls.get().clientCertificate().isPresent()) {
            GrpcTls.ClientCertificate client = tls.get().clientCertificate().get();
            try {
                builder.keyManager(client.certificateChain().toFile(), client.privateKey().toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException(GrpcTls.CLIENT_CERT + " or " + GrpcTls.CLIENT_KEY
                        + " cannot be read: " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }

    /**
     * Registers the resolver on this channel's own registry (grpc copies it into a private one), not
     * on grpc's process-wide registry; the method is deprecated only in favour of that global one.
     */
    @SuppressWarnings("deprecation")
    private static NettyChannelBuilder withStaticResolver(NettyChannelBuilder builder,
                                                          StaticNameResolverProvider provider) {
        return builder.nameResolverFactory(provider);
    }
}
