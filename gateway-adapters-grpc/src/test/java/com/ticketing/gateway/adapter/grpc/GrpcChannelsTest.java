package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.route.Upstream;
import io.grpc.ConnectivityState;
import io.grpc.LoadBalancerProvider;
import io.grpc.LoadBalancerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.NameResolver;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrpcChannelsTest {

    @ParameterizedTest
    @CsvSource({"IDLE, idle", "CONNECTING, connecting", "READY, connected", "TRANSIENT_FAILURE, transient_failure",
            "SHUTDOWN, shutdown"})
    void reportsConnectivityInTheHealthEndpointsWords(ConnectivityState state, String reported) {
        assertThat(GrpcChannels.describe(state)).isEqualTo(reported);
    }

    @Test
    void needsAChannelForEveryService() {
        ManagedChannel one = InProcessChannelBuilder.forName("nowhere").build();
        try {
            assertThatThrownBy(() -> new GrpcChannels(Map.of(Upstream.AUTH, one)))
                    .hasMessage("no channel for ticket-service");
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void readyMadeChannelsOfferNoEventLoops() {
        Map<Upstream, ManagedChannel> readyMade = new EnumMap<>(Upstream.class);
        for (Upstream service : Upstream.values()) {
            readyMade.put(service, InProcessChannelBuilder.forName("nowhere-" + service).build());
        }
        try (GrpcChannels channels = new GrpcChannels(readyMade)) {
            assertThat(channels.eventLoops()).isEmpty();
        }
    }

    @Test
    void opensOneIdleChannelPerServiceAndShutsThemAllDown() {
        GrpcClientSettings settings = GrpcClientSettingsTest.allTargets()
                .target(Upstream.BOOKING, "dns:///localhost:50051")
                .target(Upstream.AUTH, "127.0.0.1:1,localhost:2")
                .build();
        GrpcChannels channels = new GrpcChannels(settings);

        for (Upstream service : Upstream.values()) {
            assertThat(channels.state(service)).as(service.healthName()).isEqualTo("idle");
            assertThat(channels.channel(service).authority()).isNotBlank();
        }
        channels.close();

        for (Upstream service : Upstream.values()) {
            assertThat(channels.state(service)).as(service.healthName()).isEqualTo("shutdown");
        }
    }

    @Test
    void aStaticTargetsAuthorityIsTheServiceName() {
        try (GrpcChannels channels = new GrpcChannels(GrpcClientSettingsTest.allTargets()
                .target(Upstream.AUTH, "127.0.0.1:1,127.0.0.1:2").build())) {
            assertThat(channels.channel(Upstream.AUTH).authority()).isEqualTo("auth-service");
        }
    }

    @ParameterizedTest
    @CsvSource({"ROUND_ROBIN, false", "ROUND_ROBIN, true", "STICKY_USER, false", "STICKY_USER, true"})
    void grpcRunsNoConfiguredRetriesOrHedgingAndAlwaysChecksHealth(LoadBalancing policy, boolean weighted) {
        // RetryingBackend is the one layer that retries; only grpc's transparent retries remain.
        Map<String, ?> config = NettyChannelFactory.serviceConfig(policy, weighted);

        assertThat(config).containsOnlyKeys("loadBalancingConfig", "healthCheckConfig");
        assertThat(config.get("healthCheckConfig")).isEqualTo(Map.of("serviceName", ""));
    }

    @Test
    void roundRobinOverEqualInstancesStaysGrpcsOwnAndWeightsOrStickinessTakeTheWeightedStickyPolicy() {
        assertThat(balancing(LoadBalancing.ROUND_ROBIN, false)).isEqualTo(List.of(Map.of("round_robin", Map.of())));
        assertThat(balancing(LoadBalancing.ROUND_ROBIN, true))
                .isEqualTo(List.of(Map.of("weighted_sticky", Map.of("sticky", false))));
        assertThat(balancing(LoadBalancing.STICKY_USER, false))
                .isEqualTo(List.of(Map.of("weighted_sticky", Map.of("sticky", true))));
    }

    @ParameterizedTest
    @CsvSource({"ROUND_ROBIN, false", "ROUND_ROBIN, true", "STICKY_USER, false"})
    void everyPolicyRunsInsideOutlierDetectionThatGrpcParses(LoadBalancing policy, boolean weighted) {
        Map<String, ?> config = NettyChannelFactory.serviceConfig(policy, weighted);
        @SuppressWarnings("unchecked")
        Map<String, ?> outliers = (Map<String, ?>) ((Map<?, ?>) ((List<?>) config.get("loadBalancingConfig")).get(0))
                .get(NettyChannelFactory.OUTLIER_DETECTION);

        assertThat(outliers.get("failurePercentageEjection")).isEqualTo(Map.of("threshold", 85.0,
                "enforcementPercentage", 100.0, "minimumHosts", 2.0, "requestVolume", 3.0));
        LoadBalancerProvider provider = LoadBalancerRegistry.getDefaultRegistry()
                .getProvider(NettyChannelFactory.OUTLIER_DETECTION);
        NameResolver.ConfigOrError parsed = provider.parseLoadBalancingPolicyConfig(outliers);
        assertThat(parsed.getError()).as(String.valueOf(parsed.getError())).isNull();
    }

    /** The policy inside the outlier detection. */
    private static Object balancing(LoadBalancing policy, boolean weighted) {
        Map<?, ?> outer = (Map<?, ?>) ((List<?>) NettyChannelFactory.serviceConfig(policy, weighted)
                .get("loadBalancingConfig")).get(0);
        return ((Map<?, ?>) outer.get(NettyChannelFactory.OUTLIER_DETECTION)).get("childPolicy");
    }

    @Test
    void opensChannelsWithEveryPolicyAndWeightedTargets() {
        GrpcClientSettings settings = GrpcClientSettingsTest.allTargets()
                .target(Upstream.TICKET, "127.0.0.1:1;weight=3,localhost:2")
                .target(Upstream.BOOKING, "dns:///localhost:50051")
                .stickyByUser(Upstream.BOOKING)
                .stickyByUser(Upstream.AUTH)
                .build();

        try (GrpcChannels channels = new GrpcChannels(settings)) {
            for (Upstream service : Upstream.values()) {
                assertThat(channels.state(service)).as(service.healthName()).isEqualTo("idle");
            }
        }
    }
}
