package com.ticketing.e2e;

import com.ticketing.gateway.app.GatewayApplication;
import com.ticketing.stub.StubCluster;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubServices;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system for one test class: the five stub services (two instances each) on real
 * TCP ports and the gateway on a random port, sharing secrets generated for this run.
 */
final class Stack implements AutoCloseable {

    static final Duration PAYMENT_DEADLINE = Duration.ofMillis(1500);
    static final Duration SLOW_PAYMENT_DELAY = Duration.ofMillis(2500);

    final StubCluster stubs;
    final ConfigurableApplicationContext gateway;
    final Http http;
    final String accessSecret;
    final String refreshSecret;

    private Stack(UnaryOperator<StubConfig> stubSettings, Map<String, String> extraGatewaySettings) {
        stubs = StubServices.start(stubSettings.apply(StubConfig.defaults()
                .withEphemeralPorts()
                .withRandomJwtSecrets()
                .withWorkerPace(Duration.ofMillis(50))
                .withSlowPaymentDelay(SLOW_PAYMENT_DELAY)));
        accessSecret = stubs.config().jwtSecret();
        refreshSecret = stubs.config().jwtRefreshSecret();
        Map<String, String> settings = new HashMap<>(stubs.gatewayEnvironment());
        settings.put("PORT", "0");
        settings.put("GRPC_DEADLINE_MS", "3000");
        settings.put("GRPC_PAYMENT_DEADLINE_MS", String.valueOf(PAYMENT_DEADLINE.toMillis()));
        settings.put("GRPC_HEALTH_CHECK_INTERVAL_MS", "300");
        settings.put("CORS_ALLOWED_ORIGINS", "https://app.ticketing.example");
        // Every test client is 127.0.0.1: limits that suit one test class, not the whole suite's users.
        settings.put("RATE_LIMIT_MAX_REQUESTS", "100000");
        settings.put("RATE_LIMIT_USER_MAX_REQUESTS", "100000");
        settings.put("RATE_LIMIT_LOGIN_MAX_REQUESTS", "100000");
        settings.put("RATE_LIMIT_REGISTER_MAX_REQUESTS", "100000");
        settings.put("RATE_LIMIT_PAYMENT_MAX_REQUESTS", "100000");
        settings.putAll(extraGatewaySettings);
        try {
            gateway = startGateway(settings);
        } catch (RuntimeException e) {
            stubs.close();
            throw e;
        }
        http = new Http(port(gateway));
    }

    private static ConfigurableApplicationContext startGateway(Map<String, String> settings) {
        return new SpringApplicationBuilder(GatewayApplication.class).properties(new HashMap<>(settings)).run();
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    static Stack start() {
        return new Stack(UnaryOperator.identity(), Map.of());
    }

    static Stack start(Map<String, String> extraGatewaySettings) {
        return new Stack(UnaryOperator.identity(), extraGatewaySettings);
    }

    /** A stack whose stubs run with {@code stubSettings} applied on top of this class's (e.g. TLS). */
    static Stack start(UnaryOperator<StubConfig> stubSettings, Map<String, String> extraGatewaySettings) {
        return new Stack(stubSettings, extraGatewaySettings);
    }


    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            stubs.close();
        }
    }
}
