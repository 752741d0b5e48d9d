package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.jwt.JwtTokenVerifier;
import com.ticketing.gateway.adapter.jwt.JwtVerificationListener;
import com.ticketing.gateway.domain.model.TokenRejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code gateway_jwt_rejections_total{reason}} (key_source_unavailable is the JWKS endpoint, not
 * the token), {@code gateway_jwks_fetches_total{outcome}}, and the verified-token cache as
 * Micrometer's Caffeine cache metrics ({@code cache_gets_total{cache="verified_tokens",result}},
 * {@code cache_size}, {@code cache_evictions_total}, …).
 */
final class JwtMetrics implements JwtVerificationListener {

    private final MeterRegistry registry;
    private final Map<TokenRejection, Counter> rejections = new EnumMap<>(TokenRejection.class);
    private final Counter fetched;
    private final Counter fetchFailed;

    JwtMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (TokenRejection reason : TokenRejection.values()) {
            rejections.put(reason, Counter.builder("gateway.jwt.rejections")
                    .description("Tokens refused by reason")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        fetched = Counter.builder("gateway.jwks.fetches").tag("outcome", "ok").register(registry);
        fetchFailed = Counter.builder("gateway.jwks.fetches").tag("outcome", "failed").register(registry);
    }

    void bind(JwtTokenVerifier verifier) {
        verifier.verifiedTokenCache().ifPresent(cache -> CaffeineCacheMetrics.monitor(registry, cache, "verified_tokens"));
    }

    @Override
    public void tokenRejected(TokenRejection reason) {
        rejections.get(reason).increment();
    }


    @Override
    public void keySetFetched(int usableKeys) {
        fetched.increment();
    }

    @Override
    public void keySetFetchFailed() {
        fetchFailed.increment();
    }
}
