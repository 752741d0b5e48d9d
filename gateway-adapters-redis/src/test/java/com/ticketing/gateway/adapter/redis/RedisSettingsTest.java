package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RedisSettingsTest {

    @Test
    void defaultsToAShortCommandTimeoutAndNoExtraPassword() {
        RedisSettings settings = RedisSettings.of("redis://cache:6380/2");

        assertThat(settings.commandTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.password()).isEmpty();
        assertThat(settings.endpoint()).isEqualTo("redis://cache:6380/2");
    }

    @Test
    void tlsUrlIsKeptAsTls() {
        RedisSettings settings = RedisSettings.of("rediss://cache.example.com:6390");

        assertThat(settings.endpoint()).isEqualTo("rediss://cache.example.com:6390/0");
        assertThat(settings.toRedisUri().isSsl()).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"http://cache:6379", "cache:6379", "redis-sentinel://s:26379", " redis://cache"})
    void refusesAnythingButARedisUrl(String url) {
        assertThatIllegalArgumentException().isThrownBy(() -> RedisSettings.of(url))
                .withMessage("redis url must start with redis:// or rediss://");
    }

    /** Lettuce's own messages for some of these quote the whole URL, password included. */
    @ParameterizedTest
    @ValueSource(strings = {"redis://:pw-in-url@ca che", "redis://:pw-in-url@", "redis://:pw-in-url@cache/abc",
            "redis://:pw-in-url@cache:99999999", "redis://:pw-in-url@cache:6379/-1"})
    void refusalNeverRepeatsTheUrl(String url) {
        assertThatIllegalArgumentException().isThrownBy(() -> RedisSettings.of(url))
                .withMessage("redis url is not redis://host:port/db").withNoCause();
    }

    @Test
    void blankPasswordMeansNone() {
        assertThat(RedisSettings.of("redis://cache").withPassword(" ").password()).isEmpty();
        assertThat(RedisSettings.of("redis://cache").withPassword(null).password()).isEmpty();
        assertThat(new RedisSettings("redis://cache", null, Duration.ofSeconds(1), Duration.ofSeconds(1)).password())
                .isEmpty();
    }

    @Test
    void neverPrintsThePassword() {
        RedisSettings settings = RedisSettings.of("redis://user:pw-in-url@cache:6379/1").withPassword("pw-extra");

        assertThat(settings.toString()).doesNotContain("pw-in-url").doesNotContain("pw-extra")
                .isEqualTo("RedisSettings[endpoint=redis://cache:6379/1, password=<set>, commandTimeout=PT0.5S,"
                        + " connectTimeout=PT1S]");
        assertThat(RedisSettings.of("redis://cache").toString()).contains("password=<none>");
    }

    @Test
    void appliesThePasswordAndTheCommandTimeoutToTheLettuceUri() {
        RedisURI uri = RedisSettings.of("redis://cache").withPassword("pw").withCommandTimeout(Duration.ofMillis(250))
                .toRedisUri();

        assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().getPassword()).isEqualTo("pw".toCharArray());
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().hasUsername()).isFalse();
    }

    @Test
    void keepsTheUrlsUserNameWithTheSettingsPassword() {
        RedisURI uri = RedisSettings.of("redis://gateway:old@cache").withPassword("new").toRedisUri();

        var credentials = uri.getCredentialsProvider().resolveCredentials().block();
        assertThat(credentials.getUsername()).isEqualTo("gateway");
        assertThat(credentials.getPassword()).isEqualTo("new".toCharArray());
    }

    @Test
    void refusesTimeoutsThatAreNotPositive() {
        RedisSettings settings = RedisSettings.of("redis://cache");

        assertThatIllegalArgumentException().isThrownBy(() -> settings.withCommandTimeout(Duration.ZERO))
                .withMessage("redis command timeout must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> settings.withConnectTimeout(Duration.ofMillis(-1)))
                .withMessage("redis connect timeout must be positive");
        assertThatIllegalArgumentException().isThrownBy(
                () -> new RedisSettings("redis://cache", Optional.empty(), null, Duration.ofSeconds(1)));
    }
}
