package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The one place channels are built: round_robin over every instance, each instance health-checked
 * by the grpc.health.v1 protocol (an instance reporting NOT_SERVING, or unreachable, leaves the
 * rotation until it serves again), keepalive and message limits. Plaintext for now; TLS goes in
 * {@link #credentials()}.
 */
final class NettyChannelFactory {

    /**
     * Client-side health checking needs the round_robin provider of grpc-services (on the classpath).
     * An empty service name asks for the health of the whole server.
     *
     * <p>No {@code methodConfig}, so no {@code retryPolicy} or {@code hedgingPolicy}: grpc's own
     * configurable retries never run, and with service config look-up disabled no DNS record can
     * switch them on; {@link RetryingBackend} is the one layer that retries. grpc's retry machinery
     * itself stays enabled (no {@code disableRetry()}) for its transparent retries only: those
     * replay an RPC solely when it provably never reached the server's application (the stream
     * was refused, or never left the client, e.g. a connection that was going away), at most once
     * for a refused stream. That rescues a write without an idempotency key that a dying instance
     * refused, which no layer above may replay. {@code disableRetry()} would turn those off too.
     */
    static final Map<String, ?> SERVICE_CONFIG = Map.of(
            "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
            "healthCheckConfig", Map.of("serviceName", ""));

    private final GrpcClientSettings settings;

    NettyChannelFactory(GrpcClientSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    ManagedChannel open(Upstream service) {
        NettyChannelBuilder builder = switch (settings.target(service)) {
            case GrpcTarget.Dns dns -> NettyChannelBuilder.forTarget(dns.channelTarget(), credentials());
            case GrpcTarget.Instances list -> withStaticResolver(
                    NettyChannelBuilder.forTarget(StaticNameResolverProvider.target(service.healthName()), credentials()),
                    new StaticNameResolverProvider(list.instances()));
        };
        return builder
                .defaultServiceConfig(SERVICE_CONFIG)
                // Service configs published in DNS TXT records must not switch health checking off.
                .disableServiceConfigLookUp()
                .keepAliveTime(settings.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(settings.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxInboundMessageSize(settings.maxInboundMessageBytes())
                .userAgent("ticketing-gateway")
                .build();
    }

    private static ChannelCredentials credentials() {
        return InsecureChannelCredentials.create();
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
