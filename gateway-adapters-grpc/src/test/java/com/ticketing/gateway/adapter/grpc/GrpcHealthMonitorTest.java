package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.route.Upstream;
import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrpcHealthMonitorTest {

    private final HealthStatusManager health = new HealthStatusManager();
    private InProcessPlatform platform;
    private GrpcHealthMonitor monitor;

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void nothingIsServingBeforeTheFirstCheck() throws IOException {
        start(health.getHealthService());

        assertThat(monitor.snapshot()).hasSize(5)
                .allSatisfy((service, state) -> assertThat(state).isEqualTo(new ServiceHealth(false, "idle")));
    }

    @Test
    void reportsServingAndConnectedAfterACheck() throws Exception {
        start(health.getHealthService());

        monitor.checkNow();

        assertThat(monitor.snapshot())
                .allSatisfy((service, state) -> assertThat(state).isEqualTo(new ServiceHealth(true, "connected")));
    }

    @Test
    void reportsAServerThatSaysNotServing() throws Exception {
        start(health.getHealthService());
        monitor.checkNow();

        health.setStatus("", ServingStatus.NOT_SERVING);
        monitor.checkNow();

        assertThat(monitor.snapshot().get(Upstream.TICKET).serving()).isFalse();
    }

    @Test
    void aServerWithoutTheHealthServiceIsNotServing() throws Exception {
        start(new FakeServices.Auth());

        monitor.checkNow();

        assertThat(monitor.snapshot().get(Upstream.AUTH)).isEqualTo(new ServiceHealth(false, "connected"));
    }

    @Test
    void anUnreachableServiceIsNotServing() throws Exception {
        start(health.getHealthService());
        monitor.checkNow();

        platform.stopServer();
        monitor.checkNow();

        assertThat(monitor.snapshot().get(Upstream.PAYMENT).serving()).isFalse();
    }

    @Test
    void aServiceFoundNotServingHasItsConnectBackoffResetAndAServingOneNot() throws Exception {
        start(health.getHealthService());
        monitor.checkNow();
        assertThat(platform.connectBackoffResets(Upstream.PAYMENT)).isZero();

        platform.stopServer();
        monitor.checkNow();
        monitor.checkNow();

        assertThat(Upstream.values()).allSatisfy(service ->
                assertThat(platform.connectBackoffResets(service)).isEqualTo(2));
    }

    @Test
    void checksInTheBackgroundOnceStarted() throws IOException, InterruptedException {
        start(health.getHealthService());

        monitor.start();

        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!monitor.snapshot().get(Upstream.BOOKING_WORKER).serving() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(monitor.snapshot().get(Upstream.BOOKING_WORKER).serving()).isTrue();
    }

    @Test
    void refusesACheckTimeoutThatIsNotBelowTheInterval() throws IOException {
        platform = InProcessPlatform.of(health.getHealthService());

        assertThatThrownBy(() -> new GrpcHealthMonitor(platform.channels(), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aServiceNotServingAtTheFirstCheckIsWarnedAboutOnlyWhenTheNextFindsItSoStill() {
        System.Logger.Level info = System.Logger.Level.INFO;
        System.Logger.Level warning = System.Logger.Level.WARNING;

        assertThat(GrpcHealthMonitor.note(null, false, true)).contains(info);      // starting: "not serving yet"
        assertThat(GrpcHealthMonitor.note(false, false, true)).contains(warning);  // still not, at the next check
        assertThat(GrpcHealthMonitor.note(false, false, false)).isEmpty();        // no change after that
        assertThat(GrpcHealthMonitor.note(false, true, true)).contains(info);     // came up
        assertThat(GrpcHealthMonitor.note(null, true, false)).contains(info);
        assertThat(GrpcHealthMonitor.note(true, true, false)).isEmpty();
        assertThat(GrpcHealthMonitor.note(true, false, false)).contains(warning);  // went down
    }

    private void start(BindableService service) throws IOException {
        platform = new InProcessPlatform(List.of(service), List.of());
        // A first call on a cold JVM can take more than 100 ms; a short timeout made the checks flaky.
        monitor = new GrpcHealthMonitor(platform.channels(), Duration.ofSeconds(1), Duration.ofMillis(500));
    }
}
