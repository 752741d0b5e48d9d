package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimitPolicy;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import com.ticketing.gateway.domain.route.HttpMethod;
import com.ticketing.gateway.domain.route.RouteDefinition;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.route.Upstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The typed configuration as the gateway binds it: the real {@code application.yml} with only the
 * given environment variables. Defaults live in that file alone; every name a setting uses is
 * checked, and an unknown one refuses to start naming the variable.
 */
class ConfigurationNamesTest {

    static GatewayProperties bind(Map<String, String> environment) {
        return bind(environment, Map.of());
    }

    /** {@link #bind(Map)} with {@code arguments} above everything, as command-line arguments are. */
    static GatewayProperties bind(Map<String, String> environment, Map<String, String> arguments) {
        StandardEnvironment spring = new StandardEnvironment();
        MutablePropertySources sources = spring.getPropertySources();
        sources.addFirst(new MapPropertySource("arguments", new HashMap<>(arguments)));
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(environment)));
        try {
            for (PropertySource<?> yaml : new YamlPropertySourceLoader().load("application.yml",
                    new ClassPathResource("application.yml"))) {
                sources.addLast(yaml);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Binder.get(spring).bind("gateway", Bindable.of(GatewayProperties.class)).get();
    }

    /** {@code start} fails, and one of the exceptions in the chain (Spring wraps the binder's) says {@code message}. */
    private static void refusedNaming(ThrowableAssert.ThrowingCallable start, String message) {
        assertThatThrownBy(start).satisfies(thrown -> {
            List<String> messages = new ArrayList<>();
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                messages.add(t.getMessage());
            }
            assertThat(messages).anySatisfy(m -> assertThat(m).contains(message));
        });
    }

    @Test
    void defaultsGiveEveryServiceItsInstancesPolicyCompressionAndDeadline() {
        GatewayProperties.Grpc grpc = bind(Map.of()).grpc();

        assertThat(grpc.services()).containsOnlyKeys("auth-service", "ticket-service", "booking-service",
                "payment-service", "booking-worker");
        assertThat(grpc.service(Upstream.AUTH)).isEqualTo(new GatewayProperties.Grpc.Service(
                "localhost:50051,localhost:50061", "round_robin", "identity", null));
        assertThat(grpc.service(Upstream.BOOKING_WORKER).url()).isEqualTo("localhost:50055,localhost:50065");
        assertThat(grpc.deadlines()).containsEntry(Upstream.PAYMENT, Duration.ofSeconds(8))
                .containsEntry(Upstream.AUTH, Duration.ofSeconds(5)).containsEntry(Upstream.TICKET, Duration.ofSeconds(5))
                .containsEntry(Upstream.BOOKING, Duration.ofSeconds(5))
                .containsEntry(Upstream.BOOKING_WORKER, Duration.ofSeconds(5));
    }

    @Test
    void theReadmesVariablesStillSetEachServicesSettings() {
        GatewayProperties.Grpc grpc = bind(Map.of("GRPC_TICKET_SERVICE_URL", "tickets:7000",
                "GRPC_BOOKING_WORKER_LB", "sticky", "GRPC_PAYMENT_SERVICE_COMPRESSION", "gzip",
                "GRPC_PAYMENT_DEADLINE_MS", "1234", "GRPC_AUTH_SERVICE_DEADLINE_MS", "700",
                "GRPC_DEADLINE_MS", "3000")).grpc();

        assertThat(grpc.service(Upstream.TICKET).url()).isEqualTo("tickets:7000");
        assertThat(grpc.service(Upstream.BOOKING_WORKER).lb()).isEqualTo("sticky");
        assertThat(grpc.service(Upstream.PAYMENT).compression()).isEqualTo("gzip");
        assertThat(grpc.deadlines()).containsEntry(Upstream.PAYMENT, Duration.ofMillis(1234))
                .containsEntry(Upstream.AUTH, Duration.ofMillis(700))
                .containsEntry(Upstream.BOOKING, Duration.ofMillis(3000));
    }

    @Test
    void defaultLimitsMatchTheContract() {
        GatewayProperties.RateLimit limits = bind(Map.of()).rateLimit();

        assertThat(limits.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(limits.limits()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "public", new GatewayProperties.RateLimit.Limit(100, LimitScope.CLIENT_IP),
                "user", new GatewayProperties.RateLimit.Limit(1000, LimitScope.USER),
                "login", new GatewayProperties.RateLimit.Limit(10, LimitScope.CLIENT_IP),
                "register", new GatewayProperties.RateLimit.Limit(10, LimitScope.CLIENT_IP),
                "payment", new GatewayProperties.RateLimit.Limit(30, LimitScope.USER)));
        assertThat(limits.failClosed()).containsExactly("login", "register", "payment");
    }

    @Test
    void latencyBucketsDefaultToTheServiceLevelsAndAreConfigurable() {
        assertThat(bind(Map.of()).metrics().latencyBuckets()).containsExactly(Duration.ofMillis(5),
                Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2500));
        assertThat(bind(Map.of("METRICS_LATENCY_BUCKETS_MS", "20,200")).metrics().latencyBuckets())
                .containsExactly(Duration.ofMillis(20), Duration.ofMillis(200));
    }

    @Test
    void anUnknownLimitInRateLimitFailClosedRefusesToStartNamingTheVariable() {
        refusedNaming(() -> bind(Map.of("RATE_LIMIT_FAIL_CLOSED", "login,logn")),
                "RATE_LIMIT_FAIL_CLOSED names unknown limit 'logn' (known: login, payment, public, register, user)");
    }

    @Test
    void aServiceKeyThatNamesNoServiceRefusesToStart() {
        refusedNaming(() -> bind(Map.of("GATEWAY_GRPC_SERVICES_TIKETSERVICE_URL", "localhost:1")),
                "gateway.grpc.services.tiketservice names unknown service 'tiketservice' (known: auth-service, "
                        + "booking-service, booking-worker, payment-service, ticket-service)");
    }

    @Test
    void aNonPositiveServiceDeadlineRefusesToStartNamingTheVariable() {
        refusedNaming(() -> bind(Map.of("GRPC_TICKET_SERVICE_DEADLINE_MS", "0")),
                "GRPC_TICKET_SERVICE_DEADLINE_MS must be positive");
        refusedNaming(() -> bind(Map.of("GRPC_PAYMENT_DEADLINE_MS", "-5")), "GRPC_PAYMENT_DEADLINE_MS must be positive");
    }

    @Test
    void thePaymentServicesDeadlineIsAlsoTakenUnderTheNameEveryOtherServiceUses() {
        assertThat(bind(Map.of("GRPC_PAYMENT_SERVICE_DEADLINE_MS", "2500")).grpc().deadlines())
                .containsEntry(Upstream.PAYMENT, Duration.ofMillis(2500));
        refusedNaming(() -> bind(Map.of("GRPC_PAYMENT_SERVICE_DEADLINE_MS", "0")),
                "GRPC_PAYMENT_SERVICE_DEADLINE_MS / GRPC_PAYMENT_DEADLINE_MS must be positive");
        SettingNames.checkServiceVariables(List.of("GRPC_PAYMENT_SERVICE_DEADLINE_MS", "GRPC_PAYMENT_DEADLINE_MS"),
                Map.of("GRPC_PAYMENT_SERVICE_DEADLINE_MS", "3000", "GRPC_PAYMENT_DEADLINE_MS", " 3000")::get);
        refusedNaming(() -> SettingNames.checkServiceVariables(List.of(),
                        Map.of("GRPC_PAYMENT_SERVICE_DEADLINE_MS", "3000", "GRPC_PAYMENT_DEADLINE_MS", "9000")::get),
                "GRPC_PAYMENT_SERVICE_DEADLINE_MS (3000) and GRPC_PAYMENT_DEADLINE_MS (9000) are the same setting");
    }

    @Test
    void aVariableSpeltAsAServicesSettingButNamingNoneRefusesToStart() {
        SettingNames.checkServiceVariables(List.of("GRPC_TICKET_SERVICE_URL", "GRPC_BOOKING_WORKER_LB",
                "GRPC_AUTH_SERVICE_COMPRESSION", "GRPC_BOOKING_SERVICE_DEADLINE_MS", "GRPC_PAYMENT_DEADLINE_MS",
                "GRPC_DEADLINE_MS", "GRPC_TRACE", "GRPC_XDS_BOOTSTRAP", "PATH",
                // Kubernetes's variables for Services named grpc-payment and grpc-ticket-service
                "GRPC_PAYMENT_SERVICE_HOST", "GRPC_PAYMENT_SERVICE_PORT", "GRPC_PAYMENT_SERVICE_PORT_GRPC",
                "GRPC_PAYMENT_PORT", "GRPC_PAYMENT_PORT_50054_TCP", "GRPC_PAYMENT_PORT_50054_TCP_ADDR",
                "GRPC_PAYMENT_PORT_50054_TCP_PORT", "GRPC_PAYMENT_PORT_50054_TCP_PROTO",
                "GRPC_TICKET_SERVICE_SERVICE_HOST", "GRPC_TICKET_SERVICE_PORT_50052_TCP"), name -> null);
        refusedNaming(() -> SettingNames.checkServiceVariables(List.of("GRPC_TICKET_SERVICE_DEADLINE"), name -> null),
                "GRPC_TICKET_SERVICE_DEADLINE is no setting of ticket-service (known: GRPC_TICKET_SERVICE_URL, "
                        + "GRPC_TICKET_SERVICE_LB, GRPC_TICKET_SERVICE_COMPRESSION, GRPC_TICKET_SERVICE_DEADLINE_MS)");
        refusedNaming(() -> SettingNames.checkServiceVariables(List.of("GRPC_BOOKING_WORKER_URLS"), name -> null),
                "GRPC_BOOKING_WORKER_URLS is no setting of booking-worker");
        refusedNaming(() -> SettingNames.checkServiceVariables(List.of("GRPC_PAYMENT_URL"), name -> null),
                "GRPC_PAYMENT_URL is no setting of payment-service (its variables begin with GRPC_PAYMENT_SERVICE_");
    }

    @Test
    void aBadPerServiceValueRefusesToStartNamingItsVariable() {
        GrpcConfiguration grpc = new GrpcConfiguration();

        refusedNaming(() -> grpc.grpcChannels(bind(Map.of("GRPC_BOOKING_SERVICE_LB", "stiky"))),
                "GRPC_BOOKING_SERVICE_LB: ");
        refusedNaming(() -> grpc.grpcChannels(bind(Map.of("GRPC_AUTH_SERVICE_COMPRESSION", "zip"))),
                "GRPC_AUTH_SERVICE_COMPRESSION: ");
        refusedNaming(() -> grpc.grpcChannels(bind(Map.of("GRPC_TICKET_SERVICE_URL", ""))),
                "GRPC_TICKET_SERVICE_URL: ");
    }

    @Test
    void theChannelsEventLoopsAreOnePerFourCpusUnlessSetAndNeverNegative() {
        assertThat(bind(Map.of()).grpc().eventLoopThreads()).as("0: the default").isZero();
        assertThat(bind(Map.of("GRPC_EVENT_LOOP_THREADS", "3")).grpc().eventLoopThreads()).isEqualTo(3);
        GrpcConfiguration grpc = new GrpcConfiguration();
        grpc.grpcChannels(bind(Map.of("GRPC_EVENT_LOOP_THREADS", "2"))).close();

        refusedNaming(() -> grpc.grpcChannels(bind(Map.of("GRPC_EVENT_LOOP_THREADS", "-1"))),
                "GRPC_EVENT_LOOP_THREADS: gRPC event loop threads must be positive, not -1");
    }

    @Test
    void aBreakerThresholdOutOfRangeRefusesToStartNamingTheVariable() {
        refusedNaming(() -> GrpcConfiguration.breakerSettings(bind(Map.of("CIRCUIT_BREAKER_THRESHOLD", "1000000"))),
                "CIRCUIT_BREAKER_THRESHOLD / CIRCUIT_BREAKER_TIMEOUT: circuit breaker threshold must be between 1 and 1000");
        assertThat(GrpcConfiguration.breakerSettings(bind(Map.of("CIRCUIT_BREAKER_THRESHOLD", "1000")))
                .consecutiveFailures()).isEqualTo(1000);
    }

    @Test
    void aBadLimitSizeRefusesToStartNamingItsVariable() {
        refusedNaming(() -> policy(Map.of("RATE_LIMIT_LOGIN_MAX_REQUESTS", "0"), routes()),
                "RATE_LIMIT_LOGIN_MAX_REQUESTS: login: capacity must be at least 1");
        refusedNaming(() -> policy(Map.of("RATE_LIMIT_MAX_REQUESTS", "0"), routes()),
                "RATE_LIMIT_MAX_REQUESTS: public: capacity must be at least 1");
    }

    @Test
    void aLimitAboveOneRequestPerMicrosecondHoldsThereAndTheLogSaysSo() {
        Logger logger = (Logger) LoggerFactory.getLogger(RateLimitConfiguration.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            RateLimitPolicy policy = policy(Map.of("RATE_LIMIT_MAX_REQUESTS", "100000000",
                    "RATE_LIMIT_USER_MAX_REQUESTS", "60000000"), routes());

            List<LimitKey> keys = policy.limitsFor(routes().routes().get(0), Optional.empty(), "203.0.113.9");
            assertThat(keys.get(0).limit().name()).isEqualTo("public");
            assertThat(keys.get(0).limit().capacity()).isEqualTo(60_000_000);
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("RATE_LIMIT_MAX_REQUESTS=100000000 is more than one request per microsecond of "
                            + "the 60000 ms window: the limit holds at 60000000");
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void aRouteNamingALimitThatIsNotConfiguredRefusesToStart() {
        refusedNaming(() -> policy(Map.of(), routes(searchRoute())),
                "route events.search names unknown limit search (known: login, payment, public, register, user)");
    }

    @Test
    void aNewLimitIsConfigurationPlusOneRouteLine() {
        RateLimitPolicy policy = policy(Map.of("GATEWAY_RATELIMIT_LIMITS_SEARCH_MAXREQUESTS", "7",
                "GATEWAY_RATELIMIT_LIMITS_SEARCH_PER", "client-ip",
                "RATE_LIMIT_FAIL_CLOSED", "login,search"), routes(searchRoute()));

        List<LimitKey> keys = policy.limitsFor(searchRoute().compile(), Optional.empty(), "203.0.113.9");

        assertThat(keys).hasSize(2);
        assertThat(keys.get(1).limit().name()).isEqualTo("search");
        assertThat(keys.get(1).limit().capacity()).isEqualTo(7);
        assertThat(keys.get(1).limit().scope()).isEqualTo(LimitScope.CLIENT_IP);
        assertThat(keys.get(1).limit().onStoreFailure()).isEqualTo(StoreFailurePolicy.FAIL_CLOSED);
    }

    @Test
    void theGatewayItselfRefusesToStartWithAnUnknownFailClosedLimit() {
        SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class)
                .properties(Map.of("PORT", "0", "RATE_LIMIT_FAIL_CLOSED", "login,paymnet"));

        refusedNaming(gateway::run, "RATE_LIMIT_FAIL_CLOSED names unknown limit 'paymnet'");
    }

    private static RateLimitPolicy policy(Map<String, String> environment, RouteTable routes) {
        return new RateLimitConfiguration().rateLimitPolicy(bind(environment), routes);
    }

    private static RouteDefinition searchRoute() {
        return RouteDefinition.route("events.search", HttpMethod.GET, "/api/v1/search").to(Upstream.TICKET, "GetEvents")
                .limit("search").deadline(Duration.ofSeconds(1));
    }

    private static RouteTable routes(RouteDefinition... extra) {
        List<com.ticketing.gateway.domain.route.Route> routes = new ArrayList<>(List.of(
                RouteDefinition.route("auth.login", HttpMethod.POST, "/api/v1/auth/login").to(Upstream.AUTH, "Login")
                        .limit("login").deadline(Duration.ofSeconds(1)).compile()));
        for (RouteDefinition definition : extra) {
            routes.add(definition.compile());
        }
        return RouteTable.of(routes);
    }
}
