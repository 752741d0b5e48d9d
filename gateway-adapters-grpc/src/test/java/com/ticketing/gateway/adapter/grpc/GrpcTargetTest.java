package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.route.Upstream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrpcTargetTest {

    @Test
    void readsACommaSeparatedListOfInstances() {
        assertThat(GrpcTarget.parse(Upstream.AUTH, " auth-1:50051, 10.0.0.2:50052 ,[::1]:50053"))
                .isEqualTo(new GrpcTarget.Instances(List.of(new GrpcTarget.HostPort("auth-1", 50051),
                        new GrpcTarget.HostPort("10.0.0.2", 50052), new GrpcTarget.HostPort("::1", 50053))));
    }

    @Test
    void readsOneInstance() {
        assertThat(GrpcTarget.parse(Upstream.AUTH, "localhost:50051"))
                .isEqualTo(new GrpcTarget.Instances(List.of(new GrpcTarget.HostPort("localhost", 50051))));
    }

    @Test
    void readsADnsTarget() {
        GrpcTarget target = GrpcTarget.parse(Upstream.BOOKING, "dns:///booking-service:50051");

        assertThat(target).isInstanceOfSatisfying(GrpcTarget.Dns.class,
                dns -> assertThat(dns.channelTarget()).isEqualTo("dns:///booking-service:50051"));
    }

    @Test
    void printsIpv6HostsInBrackets() {
        assertThat(new GrpcTarget.HostPort("::1", 80)).hasToString("[::1]:80");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "auth", "auth:", "auth:0", "auth:65536", "auth:1,,auth:2", "auth:1,",
            "dns://8.8.8.8/auth:1", "dns:///auth", "http://auth:1", "auth:1,auth:1", "au th:1", "::1:50051"})
    void rejectsWhatIsNotATargetNamingTheService(String text) {
        assertThatThrownBy(() -> GrpcTarget.parse(Upstream.PAYMENT, text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gRPC target of payment-service must be");
    }

    @Test
    void doesNotEchoALongBadValueInFull() {
        String text = "x".repeat(500);

        assertThatThrownBy(() -> GrpcTarget.parse(Upstream.AUTH, text))
                .hasMessageNotContaining("x".repeat(101));
    }
}
