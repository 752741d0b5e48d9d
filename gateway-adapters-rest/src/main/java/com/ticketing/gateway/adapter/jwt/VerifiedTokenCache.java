package com.ticketing.gateway.adapter.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.ticketing.gateway.domain.model.TokenClaims;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Access tokens already verified, keyed by the SHA-256 of the whole compact token, so that a token
 * seen again skips signature verification (ES256 costs a lot on the JDK provider). An entry is
 * reused until the token's {@code exp} or {@code maxAge} after verification, whichever comes first,
 * and only while no verification key was revoked since. Reuse is safe because a logged-out
 * session is refused by the session store on every request, not by token verification.
 * <p>
 * A Caffeine cache: at most {@code maxEntries} (size-based eviction), each entry expiring at its
 * own time (per-entry expiry on the injected {@link Clock}), statistics recorded for Micrometer's
 * cache metrics. Thread-safe; maintenance runs on the calling thread.
 */
final class VerifiedTokenCache {

    /** The SHA-256 of a token. */
    record Key(long a, long b, long c, long d) {
    }

    private record Entry(TokenClaims claims, Instant expiresAt, long revocations) {
    }

    private final Cache<Key, Entry> entries;
    private final Duration maxAge;
    private final Clock clock;

    VerifiedTokenCache(TokenCacheSettings settings, Clock clock) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("the verified-token cache is disabled");
        }
        this.maxAge = settings.maxAge();
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .expireAfter(Expiry.creating((Key key, Entry entry) -> Duration.between(clock.instant(), entry.expiresAt())))
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    static Key keyOf(String token) {
        byte[] hash = sha256().digest(token.getBytes(StandardCharsets.UTF_8));
        ByteBuffer words = ByteBuffer.wrap(hash);
        return new Key(words.getLong(), words.getLong(), words.getLong(), words.getLong());
    }

    /** A fresh digest cloned from one made at class load: no provider lookup per request. */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 digest is cloneable", e);
        }
    }

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The claims verified for {@code key}, unless expired or verified before the current revocation count. */
    Optional<TokenClaims> get(Key key, long revocations) {
        Entry entry = entries.getIfPresent(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.revocations() != revocations) {
            entries.asMap().remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.claims());
    }

    void put(Key key, TokenClaims claims, long revocations) {
        Instant now = clock.instant();
        Instant expiresAt = claims.expiresAt().isBefore(now.plus(maxAge)) ? claims.expiresAt() : now.plus(maxAge);
        if (!now.isBefore(expiresAt)) {
            return;
        }
        entries.put(key, new Entry(claims, expiresAt, revocations));
    }

    int size() {
        entries.cleanUp();
        return (int) entries.estimatedSize();
    }

    /** The Caffeine cache underneath, for Micrometer's cache metrics. */
    Cache<?, ?> caffeine() {
        return entries;
    }
}
