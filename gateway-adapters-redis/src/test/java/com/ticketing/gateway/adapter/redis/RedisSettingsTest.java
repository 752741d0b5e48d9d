package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
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
        assertThat(settings.toRedisUris().getFirst().isSsl()).isTrue();
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
        assertThat(new RedisSettings(new RedisTopology.Standalone("redis://cache"), null, Duration.ofSeconds(1), Duration.ofSeconds(1)).password())
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
                .toRedisUris().getFirst();

        assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().getPassword()).isEqualTo("pw".toCharArray());
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().hasUsername()).isFalse();
    }

    @Test
    void keepsTheUrlsUserNameWithTheSettingsPassword() {
        RedisURI uri = RedisSettings.of("redis://gateway:old@cache").withPassword("new").toRedisUris().getFirst();

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
                () -> new RedisSettings(new RedisTopology.Standalone("redis://cache"), Optional.empty(), null,
                        Duration.ofSeconds(1)));
    }

    @Test
    void clusterNodesAreSeedsWithThePasswordAndTheCommandTimeout() {
        RedisSettings settings = RedisSettings.cluster("10.0.0.1:7000, redis-b:7001,[2001:db8::7]:7002")
                .withPassword("pw").withCommandTimeout(Duration.ofMillis(200));

        assertThat(settings.topology()).isInstanceOf(RedisTopology.Cluster.class);
        assertThat(((RedisTopology.Cluster) settings.topology()).refreshPeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.endpoint()).isEqualTo("redis-cluster://10.0.0.1:7000,redis-b:7001,[2001:db8::7]:7002");
        List<RedisURI> uris = settings.toRedisUris();
        assertThat(uris).extracting(RedisURI::getHost).containsExactly("10.0.0.1", "redis-b", "2001:db8::7");
        assertThat(uris).extracting(RedisURI::getPort).containsExactly(7000, 7001, 7002);
        assertThat(uris).allSatisfy(uri -> {
            assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(200));
            assertThat(uri.getCredentialsProvider().resolveCredentials().block().getPassword())
                    .isEqualTo("pw".toCharArray());
        });
        assertThat(settings.toString()).doesNotContain("pw,").contains("password=<set>");
    }

    @Test
    void sentinelNodesAndMasterMakeOneSentinelUri() {
        RedisSettings settings = RedisSettings.sentinel("s1:26379,s2:26380", "gateway").withPassword("pw");

        assertThat(settings.endpoint()).isEqualTo("redis-sentinel://s1:26379,s2:26380/gateway");
        RedisURI uri = settings.toRedisUris().getFirst();
        assertThat(uri.getSentinelMasterId()).isEqualTo("gateway");
        assertThat(uri.getSentinels()).extracting(RedisURI::getHost, RedisURI::getPort)
                .containsExactly(tuple("s1", 26379), tuple("s2", 26380));
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().getPassword())
                .isEqualTo("pw".toCharArray());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"cache", "cache:", ":7000", "cache:abc", "cache:0", "cache:65536", "a:1,,b:2",
            "2001:db8::7:7000", "ca che:7000", "a:1,a:1"})
    void refusesNodeListsThatAreNotHostPortPairs(String nodes) {
        assertThatIllegalArgumentException().isThrownBy(() -> RedisSettings.cluster(nodes))
                .withMessageStartingWith("redis cluster nodes must")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("cache"));
        assertThatIllegalArgumentException().isThrownBy(() -> RedisSettings.sentinel(nodes, "gateway"))
                .withMessageStartingWith("redis sentinel nodes must");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "my master"})
    void refusesASentinelMasterThatIsNoName(String master) {
        assertThatIllegalArgumentException().isThrownBy(() -> RedisSettings.sentinel("s1:26379", master))
                .withMessage("redis sentinel master must be the monitored master's name");
    }

    @Test
    void refusesAClusterRefreshPeriodThatIsNotPositive() {
        List<RedisNode> seeds = List.of(new RedisNode("cache", 7000));
        assertThatIllegalArgumentException().isThrownBy(() -> new RedisTopology.Cluster(seeds, Duration.ZERO))
                .withMessage("redis cluster refresh period must be positive");
    }
}
