package com.ticketing.gateway.adapter.jwt;

import com.ticketing.gateway.domain.model.TokenRejection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what verification reports. Thread-safe. */
final class RecordingListener implements JwtVerificationListener {

    private final Map<TokenRejection, AtomicInteger> rejections = new EnumMap<>(TokenRejection.class);
    private final AtomicInteger fromCache = new AtomicInteger();
    private final AtomicInteger fetched = new AtomicInteger();
    private final AtomicInteger fetchFailures = new AtomicInteger();

    RecordingListener() {
        for (TokenRejection reason : TokenRejection.values()) {
            rejections.put(reason, new AtomicInteger());
        }
    }

    @Override
    public void tokenRejected(TokenRejection reason) {
        rejections.get(reason).incrementAndGet();
    }

    @Override
    public void verifiedFromCache() {
        fromCache.incrementAndGet();
    }

    @Override
    public void keySetFetched(int usableKeys) {
        fetched.incrementAndGet();
    }

    @Override
    public void keySetFetchFailed() {
        fetchFailures.incrementAndGet();
    }

    int rejected(TokenRejection reason) {
        return rejections.get(reason).get();
    }

    int fromCache() {
        return fromCache.get();
    }

    int fetched() {
        return fetched.get();
    }

    int fetchFailures() {
        return fetchFailures.get();
    }
}
