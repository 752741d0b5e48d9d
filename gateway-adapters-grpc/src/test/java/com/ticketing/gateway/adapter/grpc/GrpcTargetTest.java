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
        GrpcTarget target = GrpcTarget.parse(Upstream.AUTH, " auth-1:50051, 10.0.0.2:50052 ,[::1]:50053");

        assertThat(target).isEqualTo(new GrpcTarget.Instances(List.of(instance("auth-1", 50051, 1),
                instance("10.0.0.2", 50052, 1), instance("::1", 50053, 1))));
        assertThat(((GrpcTarget.Instances) target).weighted()).isFalse();
    }

    @Test
    void readsOneInstance() {
        assertThat(GrpcTarget.parse(Upstream.AUTH, "localhost:50051"))
                .isEqualTo(new GrpcTarget.Instances(List.of(instance("localhost", 50051, 1))));
    }

    @Test
    void readsWeightsAfterASemicolon() {
        GrpcTarget target = GrpcTarget.parse(Upstream.BOOKING,
                "booking-1:50053;weight=3, booking-2:50053 ; weight = 1,[::1]:50053;weight=100,booking-3:50053");

        assertThat(target).isEqualTo(new GrpcTarget.Instances(List.of(instance("booking-1", 50053, 3),
                instance("booking-2", 50053, 1), instance("::1", 50053, 100), instance("booking-3", 50053, 1))));
        assertThat(((GrpcTarget.Instances) target).weighted()).isTrue();
    }

    @Test
    void equalWeightsAreNoWeightsAtAll() {
        GrpcTarget target = GrpcTarget.parse(Upstream.BOOKING, "booking-1:50053;weight=2,booking-2:50053;weight=2");

        assertThat(((GrpcTarget.Instances) target).weighted()).isFalse();
    }

    @Test
    void printsAnInstanceAsItIsWritten() {
        assertThat(instance("booking-1", 50053, 3)).hasToString("booking-1:50053;weight=3");
        assertThat(instance("::1", 50053, 1)).hasToString("[::1]:50053");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:1;weight=0", "a:1;weight=101", "a:1;weight=-1", "a:1;weight=", "a:1;weight",
            "a:1;weight=x", "a:1;weight=2.5", "a:1;weight=1000", "a:1;weight=2;weight=2", "a:1;w=2", "a:1;",
            "a:1;;weight=2", "a:1;weight=2,a:1", "a:1;weight=2,a:1;weight=3", "dns:///a:1;weight=2", ";weight=2"})
    void rejectsBadWeightsNamingTheService(String text) {
        assertThatThrownBy(() -> GrpcTarget.parse(Upstream.BOOKING, text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gRPC target of booking-service must be a comma-separated list of"
                        + " host:port[;weight=N] (N in 1..100) or dns:///name:port");
    }

    @Test
    void saysWhatIsWrongWithAWeight() {
        assertThatThrownBy(() -> GrpcTarget.parse(Upstream.BOOKING, "a:1;weight=0"))
                .hasMessageEndingWith("weight must be 1..100, got 0");
        assertThatThrownBy(() -> GrpcTarget.parse(Upstream.BOOKING, "a:1;weight=x"))
                .hasMessageEndingWith("weight must be a whole number 1..100, got 'x'");
        assertThatThrownBy(() -> GrpcTarget.parse(Upstream.BOOKING, "a:1;size=2"))
                .hasMessageEndingWith("an instance takes only ;weight=N, got ';size=2'");
    }

    private static GrpcTarget.Instance instance(String host, int port, int weight) {
        return new GrpcTarget.Instance(new GrpcTarget.HostPort(host, port), weight);
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
