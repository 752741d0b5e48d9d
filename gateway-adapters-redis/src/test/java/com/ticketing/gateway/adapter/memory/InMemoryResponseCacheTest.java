package com.ticketing.gateway.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.ticketing.gateway.domain.model.CachedResponse;
import com.ticketing.gateway.domain.port.ResponseCache;
import com.ticketing.gateway.domain.port.ResponseCacheContract;
import com.ticketing.gateway.domain.testing.MutableClock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class InMemoryResponseCacheTest extends ResponseCacheContract {

    private static final Duration TTL = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.standing();
    private final InMemoryResponseCache cache = new InMemoryResponseCache(clock);

    @Override
    protected ResponseCache cache() {
        return cache;
    }

    @Override
    protected void passTime(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected Duration expiryTolerance() {
        return Duration.ZERO;
    }

    private static CachedResponse entry(int n) {
        return new CachedResponse(new byte[] {(byte) n}, "\"" + n + "\"");
    }

    @Test
    void holdsTenThousandEntriesByDefault() {
        for (int i = 0; i < InMemoryResponseCache.DEFAULT_MAX_ENTRIES; i++) {
            cache.put("k" + i, entry(i), TTL);
        }
        assertThat(cache.size()).isEqualTo(10_000);
        assertThat(cache.get("k0")).isPresent();

        cache.put("one-more", entry(1), TTL);

        assertThat(cache.size()).isEqualTo(10_000);
    }

    @Test
    void fullCacheMakesRoomKeepingTheEntryInUse() {
        InMemoryResponseCache small = new InMemoryResponseCache(clock, 3);
        small.put("a", entry(1), TTL);
        small.put("b", entry(2), TTL);
        small.put("c", entry(3), TTL);
        for (int i = 0; i < 5; i++) {
            small.get("a");
        }

        small.put("d", entry(4), TTL);

        assertThat(small.size()).isEqualTo(3);
        assertThat(small.get("a")).isPresent();
        assertThat(Stream.of("b", "c", "d").filter(k -> small.getStale(k).isPresent())).hasSize(2);
    }

    @Test
    void eachEntryExpiresAfterItsOwnTimeToLive() {
        InMemoryResponseCache noStale = new InMemoryResponseCache(clock, 10, Duration.ZERO);
        noStale.put("short", entry(1), Duration.ofSeconds(1));
        noStale.put("long", entry(2), Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(1));

        assertThat(noStale.getStale("short")).isEmpty();
        assertThat(noStale.get("long")).isPresent();
        assertThat(noStale.size()).isEqualTo(1);
    }

    @Test
    void recordsStatisticsForTheCacheMetrics() {
        cache.put("a", entry(1), TTL);
        cache.get("a");
        cache.get("b");

        assertThat(cache.caffeine().stats().hitCount()).isEqualTo(1);
        assertThat(cache.caffeine().stats().missCount()).isEqualTo(1);
    }

    @Test
    void replacingAnEntryDoesNotGrowTheCache() {
        InMemoryResponseCache small = new InMemoryResponseCache(clock, 2);
        small.put("a", entry(1), TTL);
        small.put("b", entry(2), TTL);

        small.put("a", entry(3), TTL);

        assertThat(small.size()).isEqualTo(2);
        assertThat(small.get("b")).isPresent();
    }

    @Test
    void expiredEntryIsKeptForTheStaleWindowAndDroppedWhenReadAfterIt() {
        CachedResponse response = entry(1);
        cache.put("a", response, TTL);
        clock.advance(TTL);

        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.getStale("a")).containsSame(response);
        assertThat(cache.size()).isEqualTo(1);

        clock.advance(InMemoryResponseCache.DEFAULT_STALE_WINDOW.minusMillis(1));
        assertThat(cache.getStale("a")).containsSame(response);

        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("a")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void refusesABoundBelowOne() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryResponseCache(clock, 0));
        assertThat(new InMemoryResponseCache(clock, 1).size()).isZero();
    }
}
