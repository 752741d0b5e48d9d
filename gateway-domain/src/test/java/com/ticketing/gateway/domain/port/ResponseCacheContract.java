package com.ticketing.gateway.domain.port;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.CachedResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ResponseCache} adapter must show. Time works as in
 * {@link SessionStoreContract}: a cache on a test clock overrides {@link #passTime(Duration)}
 * and expires exactly; one that expires on its own keeps the defaults. Every test uses fresh
 * random keys.
 */
public abstract class ResponseCacheContract {

    private static final Duration LONG_TTL = Duration.ofMinutes(10);

    /** The cache under test. */
    protected abstract ResponseCache cache();

    /** Lets {@code duration} pass for the cache. */
    protected void passTime(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    /** The ttl of the entries in expiry tests. */
    protected Duration shortTtl() {
        return Duration.ofSeconds(1);
    }

    /** How far from its ttl an entry may still be seen or already be gone; zero means exactly. */
    protected Duration expiryTolerance() {
        return Duration.ofMillis(250);
    }

    private static String newKey() {
        return "events.list|q=" + UUID.randomUUID();
    }

    private static CachedResponse response(String json) {
        return new CachedResponse(json.getBytes(StandardCharsets.UTF_8), "\"" + json.hashCode() + "\"");
    }

    private static void assertHolds(Optional<CachedResponse> actual, CachedResponse expected) {
        assertThat(actual).isPresent();
        assertThat(actual.get().json()).isEqualTo(expected.json());
        assertThat(actual.get().etag()).isEqualTo(expected.etag());
    }

    @Test
    void keyNeverPutIsAbsent() {
        assertThat(cache().get(newKey())).isEmpty();
    }

    @Test
    void putEntryIsReturnedWithItsBodyAndEntityTag() {
        String key = newKey();
        CachedResponse entry = response("{\"events\":[]}");

        cache().put(key, entry, LONG_TTL);

        assertHolds(cache().get(key), entry);
    }

    @Test
    void putReplacesTheEntryUnderTheSameKey() {
        String key = newKey();
        cache().put(key, response("{\"v\":1}"), LONG_TTL);
        CachedResponse second = response("{\"v\":2}");

        cache().put(key, second, LONG_TTL);

        assertHolds(cache().get(key), second);
    }

    @Test
    void keysAreIndependent() {
        String key = newKey();
        CachedResponse first = response("{\"k\":1}");
        CachedResponse second = response("{\"k\":2}");

        cache().put(key, first, LONG_TTL);
        cache().put(key + "0", second, LONG_TTL);

        assertHolds(cache().get(key), first);
        assertHolds(cache().get(key + "0"), second);
        assertThat(cache().get(key.substring(0, key.length() - 1))).isEmpty();
    }

    @Test
    void entryLivesForItsTtlAndNoLonger() throws InterruptedException {
        String key = newKey();
        CachedResponse entry = response("{\"short\":true}");
        Duration margin = expiryTolerance().isZero() ? Duration.ofMillis(1) : expiryTolerance();
        cache().put(key, entry, shortTtl());

        passTime(shortTtl().minus(margin));
        assertHolds(cache().get(key), entry);

        passTime(margin.plus(expiryTolerance()));
        assertThat(cache().get(key)).isEmpty();
    }

    @Test
    void zeroOrNegativeTtlStoresNothing() {
        String zero = newKey();
        String negative = newKey();

        cache().put(zero, response("{}"), Duration.ZERO);
        cache().put(negative, response("{}"), Duration.ofSeconds(-1));

        assertThat(cache().get(zero)).isEmpty();
        assertThat(cache().get(negative)).isEmpty();
    }
}
