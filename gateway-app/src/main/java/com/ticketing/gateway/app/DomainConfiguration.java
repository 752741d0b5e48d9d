package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.jwt.JwksSettings;
import com.ticketing.gateway.adapter.jwt.JwtAlgorithm;
import com.ticketing.gateway.adapter.jwt.JwtSettings;
import com.ticketing.gateway.adapter.jwt.TokenCacheSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import com.ticketing.gateway.adapter.jwt.JwtTokenVerifier;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.ResponseCache;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.TokenVerifier;
import com.ticketing.gateway.domain.port.Turnstile;
import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.service.ApiGateway;
import com.ticketing.gateway.domain.service.Authentication;
import com.ticketing.gateway.domain.service.RateLimiting;
import com.ticketing.gateway.domain.service.Sessions;
import com.ticketing.gateway.domain.port.StreamTickets;
import com.ticketing.gateway.domain.service.StreamTicketing;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/** The domain core, built once from the checked settings and the adapters' ports. */
@Configuration(proxyBeanMethods = false)
class DomainConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    StartupChecks.Secrets secrets(GatewayProperties properties, @Value("${server.port}") int port,
                                  @Value("${spring.lifecycle.timeout-per-shutdown-phase}") Duration drain,
                                  ConfigurableEnvironment environment) {
        StartupChecks.checkServer(port, drain);
        SettingNames.checkServiceVariables(variableNames(environment), environment::getProperty);
        return StartupChecks.check(properties);
    }

    /** The names every enumerable source of settings holds (the process environment among them). */
    private static Set<String> variableNames(ConfigurableEnvironment environment) {
        Set<String> names = new TreeSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                names.addAll(Arrays.asList(enumerable.getPropertyNames()));
            }
        }
        return names;
    }

    @Bean
    RouteTable routeTable(GatewayProperties properties) {
        GatewayProperties.Grpc grpc = properties.grpc();
        return ApiRoutes.v1(grpc.deadlines(), grpc.streamDeadline(), properties.eventsCacheTtl());
    }

    /** The concrete type, so that Spring closes it (it may run a JWKS refresh thread). */
    @Bean
    JwtTokenVerifier tokenVerifier(StartupChecks.Secrets secrets, GatewayProperties properties, Clock clock,
                                   JwtMetrics jwtMetrics) {
        GatewayProperties.Jwt jwt = properties.jwt();
        JwksSettings jwks = jwt.jwksUrl() == null || jwt.jwksUrl().isBlank() ? null
                : new JwksSettings(URI.create(jwt.jwksUrl().trim()), jwt.jwksRefresh(), jwt.jwksMinRefetch(),
                        jwt.jwksTimeout());
        JwtTokenVerifier verifier = new JwtTokenVerifier(new JwtSettings(secrets.access(), secrets.refresh(),
                jwt.issuer(), jwt.audience(), jwt.clockSkew(), JwtSettings.DEFAULT_MAX_TOKEN_LENGTH,
                JwtAlgorithm.fromSetting(jwt.algorithm()), jwks,
                new TokenCacheSettings(jwt.cacheMaxEntries(), jwt.cacheMaxAge())), clock, jwtMetrics);
        jwtMetrics.bind(verifier);
        return verifier;
    }

    @Bean
    JwtMetrics jwtMetrics(MeterRegistry registry) {
        return new JwtMetrics(registry);
    }

    @Bean
    Authentication authentication(TokenVerifier verifier, Turnstile turnstile) {
        return new Authentication(verifier, turnstile);
    }

    @Bean
    Sessions sessions(Backend backend, TokenVerifier verifier, SessionStore store) {
        return new Sessions(backend, verifier, store);
    }

    /** Tickets are 256 random bits from the platform's strong generator, URL-safe base64. */
    @Bean
    StreamTicketing streamTicketing(StreamTickets tickets, Turnstile turnstile, Clock clock) {
        SecureRandom random = new SecureRandom();
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return new StreamTicketing(tickets, turnstile, clock, () -> {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return encoder.encodeToString(bytes);
        }, StreamTicketing.DEFAULT_LIFETIME);
    }

    @Bean
    ApiGateway apiGateway(Backend backend, Authentication authentication, RateLimiting rateLimiting, Sessions sessions,
                          ResponseCache cache, StreamTicketing streamTicketing) {
        return new ApiGateway(backend, authentication, rateLimiting, sessions, cache, streamTicketing);
    }
}
