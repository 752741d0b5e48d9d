package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.route.Upstream;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
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

    @Test
    void grpcRunsNoConfiguredRetriesOrHedging() {
        // RetryingBackend is the one layer that retries; only grpc's transparent retries remain.
        assertThat(NettyChannelFactory.SERVICE_CONFIG).containsOnlyKeys("loadBalancingConfig", "healthCheckConfig");
    }
}
