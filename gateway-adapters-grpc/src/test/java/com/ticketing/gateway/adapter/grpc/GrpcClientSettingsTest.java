package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.route.Upstream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GrpcClientSettingsTest {

    static GrpcClientSettings.Builder allTargets() {
        GrpcClientSettings.Builder builder = GrpcClientSettings.builder();
        for (Upstream service : Upstream.values()) {
            builder.target(service, service.healthName() + ":50051");
        }
        return builder;
    }

    @Test
    void sharesOneEventLoopPerFourCpusAtLeastOneUnlessSet() {
        assertThat(GrpcClientSettings.defaultEventLoopThreads(1)).isEqualTo(1);
        assertThat(GrpcClientSettings.defaultEventLoopThreads(2)).isEqualTo(1);
        assertThat(GrpcClientSettings.defaultEventLoopThreads(8)).isEqualTo(2);
        assertThat(GrpcClientSettings.defaultEventLoopThreads(30)).isEqualTo(7);
        assertThat(allTargets().build().eventLoopThreads())
                .isEqualTo(GrpcClientSettings.defaultEventLoopThreads(Runtime.getRuntime().availableProcessors()));
        assertThat(allTargets().eventLoopThreads(3).build().eventLoopThreads()).isEqualTo(3);
    }

    @Test
    void refusesNoEventLoops() {
        assertThatThrownBy(() -> allTargets().eventLoopThreads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event loop threads");
        assertThatThrownBy(() -> allTargets().eventLoopThreads(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    }

    @Test
    void defaultsToTheDocumentedKeepaliveAndMessageLimits() {
        GrpcClientSettings settings = allTargets().build();

        assertThat(settings.keepAliveTime()).isEqualTo(Duration.ofMillis(30_000));
        assertThat(settings.keepAliveTimeout()).isEqualTo(Duration.ofMillis(5_000));
        assertThat(settings.maxInboundMessageBytes()).isEqualTo(4_194_304);
        assertThat(settings.maxOutboundMessageBytes()).isEqualTo(4_194_304);
        assertThat(settings.tls()).as("plaintext").isEmpty();
    }

    @Test
    void spreadsEveryServiceRoundRobinUnlessToldToStickToUsers() {
        GrpcClientSettings settings = allTargets()
                .stickyByUser(Upstream.BOOKING)
                .loadBalancing(Upstream.PAYMENT, " Sticky ")
                .loadBalancing(Upstream.AUTH, "round_robin")
                .loadBalancing(Upstream.TICKET, "")
                .build();

        assertThat(settings.loadBalancing(Upstream.BOOKING)).isEqualTo(LoadBalancing.STICKY_USER);
        assertThat(settings.loadBalancing(Upstream.PAYMENT)).isEqualTo(LoadBalancing.STICKY_USER);
        assertThat(settings.loadBalancing(Upstream.AUTH)).isEqualTo(LoadBalancing.ROUND_ROBIN);
        assertThat(settings.loadBalancing(Upstream.TICKET)).isEqualTo(LoadBalancing.ROUND_ROBIN);
        assertThat(settings.loadBalancing(Upstream.BOOKING_WORKER)).isEqualTo(LoadBalancing.ROUND_ROBIN);
    }

    @Test
    void refusesAnUnknownPolicyNamingTheService() {
        assertThatThrownBy(() -> allTargets().loadBalancing(Upstream.BOOKING, "least_request"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gRPC load balancing of booking-service must be round_robin or sticky, got 'least_request'");
    }

    @Test
    void refusesToBuildWithoutATargetForEveryService() {
        GrpcClientSettings.Builder builder = GrpcClientSettings.builder().target(Upstream.AUTH, "auth:1");

        assertThatThrownBy(builder::build).hasMessage("no gRPC target for ticket-service");
    }

    @Test
    void refusesANonPositiveKeepaliveNamingTheSetting() {
        assertThatThrownBy(() -> allTargets().keepAliveTime(Duration.ZERO).build())
                .hasMessage("gRPC keepalive time must be positive");
        assertThatThrownBy(() -> allTargets().keepAliveTimeout(Duration.ofSeconds(-1)).build())
                .hasMessage("gRPC keepalive timeout must be positive");
    }

    @Test
    void refusesNonPositiveMessageLimitsNamingTheSetting() {
        assertThatThrownBy(() -> allTargets().maxInboundMessageBytes(0).build())
                .hasMessageContaining("max receive message length");
        assertThatThrownBy(() -> allTargets().maxOutboundMessageBytes(-1).build())
                .hasMessageContaining("max send message length");
    }

    @Test
    void compressesNoServiceUnlessToldAndGzipOnlyWhereConfigured() {
        GrpcClientSettings settings = allTargets().compression(Upstream.TICKET, "GZIP").compression(Upstream.AUTH, "")
                .build();

        assertThat(settings.compression(Upstream.TICKET)).isEqualTo(GrpcCompression.GZIP);
        assertThat(settings.compression(Upstream.AUTH)).isEqualTo(GrpcCompression.IDENTITY);
        assertThat(settings.compression(Upstream.PAYMENT)).isEqualTo(GrpcCompression.IDENTITY);
        assertThat(allTargets().compression(Upstream.BOOKING, "identity").build().compression(Upstream.BOOKING))
                .isEqualTo(GrpcCompression.IDENTITY);
    }

    @Test
    void refusesAnUnknownCompressionNamingTheService() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> allTargets().compression(Upstream.PAYMENT, "snappy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payment-service").hasMessageContaining("snappy");
    }
}
