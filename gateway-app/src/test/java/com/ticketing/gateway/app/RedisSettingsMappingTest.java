package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.ticketing.gateway.adapter.redis.RedisNode;
import com.ticketing.gateway.adapter.redis.RedisSettings;
import com.ticketing.gateway.adapter.redis.RedisTopology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisSettingsMappingTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private static GatewayProperties.Redis redis(String url, String sentinelNodes, String sentinelMaster,
                                                 String clusterNodes) {
        return new GatewayProperties.Redis(url, sentinelNodes, sentinelMaster, clusterNodes, "pw-secret", TIMEOUT, null, null, null);
    }

    @Test
    void nothingSetMeansNoRedis() {
        assertThat(RedisSettingsMapping.settings(redis("", " ", null, ""))).isEmpty();
    }

    @Test
    void eachVariableChoosesItsTopologyWithThePasswordAndTimeout() {
        RedisSettings single = RedisSettingsMapping.settings(redis("redis://cache:6379", "", "", "")).orElseThrow();
        RedisSettings sentinel = RedisSettingsMapping.settings(redis("", "s1:26379,s2:26379", "gw", "")).orElseThrow();
        RedisSettings cluster = RedisSettingsMapping.settings(redis("", "", "", "c1:7000,c2:7001")).orElseThrow();

        assertThat(single.topology()).isEqualTo(new RedisTopology.Standalone("redis://cache:6379"));
        assertThat(sentinel.endpoint()).isEqualTo("redis-sentinel://s1:26379,s2:26379/gw");
        assertThat(cluster.endpoint()).isEqualTo("redis-cluster://c1:7000,c2:7001");
        for (RedisSettings settings : new RedisSettings[] {single, sentinel, cluster}) {
            assertThat(settings.commandTimeout()).isEqualTo(TIMEOUT);
            assertThat(settings.password()).contains("pw-secret");
            assertThat(settings.toString()).doesNotContain("pw-secret");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "redis://a:1 | s:1   | m | -      | set only one of REDIS_URL, REDIS_SENTINEL_NODES",
        "redis://a:1 | -     | - | c:1    | set only one of REDIS_URL, REDIS_CLUSTER_NODES",
        "-           | s:1   | m | c:1    | set only one of REDIS_SENTINEL_NODES, REDIS_CLUSTER_NODES",
        "-           | -     | m | -      | REDIS_SENTINEL_MASTER needs REDIS_SENTINEL_NODES",
        "-           | s:1   | - | -      | REDIS_SENTINEL_NODES needs REDIS_SENTINEL_MASTER",
        "http://a:1  | -     | - | -      | REDIS_URL: redis url must start with redis:// or rediss://",
        "-           | s     | m | -      | REDIS_SENTINEL_NODES: redis sentinel nodes must be host:port[,host:port...]",
        "-           | s:1   | a b | -    | REDIS_SENTINEL_MASTER: redis sentinel master must be the monitored master's name",
        "-           | -     | - | c:70000 | REDIS_CLUSTER_NODES: redis cluster nodes must be host:port[,host:port...]",
    })
    void refusesABadSettingNamingItsVariable(String url, String sentinelNodes, String master, String clusterNodes,
                                             String problem) {
        assertThatIllegalStateException()
                .isThrownBy(() -> RedisSettingsMapping.settings(redis(url, sentinelNodes, master, clusterNodes)))
                .withMessage("Refusing to start: " + problem);
    }

    @Test
    void sentinelWritesWaitForOneReplicaUnlessConfiguredOtherwise() {
        GatewayProperties.Redis unset = redis("", "s1:26379", "gw", "");
        GatewayProperties.Redis two = new GatewayProperties.Redis("", "s1:26379", "gw", "", null, TIMEOUT, 2, null, null);
        GatewayProperties.Redis tooMany = new GatewayProperties.Redis("", "s1:26379", "gw", "", null, TIMEOUT, 101, null, null);

        assertThat(RedisSettingsMapping.settings(unset).orElseThrow().topology())
                .isEqualTo(new RedisTopology.Sentinel(List.of(new RedisNode("s1", 26379)), "gw", 1));
        assertThat(RedisSettingsMapping.settings(two).orElseThrow().topology())
                .isEqualTo(new RedisTopology.Sentinel(List.of(new RedisNode("s1", 26379)), "gw", 2));
        assertThatIllegalStateException().isThrownBy(() -> RedisSettingsMapping.settings(tooMany))
                .withMessage("Refusing to start: REDIS_SENTINEL_CONFIRMING_REPLICAS: "
                        + "redis sentinel confirming replicas must be 0 to 100");
    }

    @Test
    void refusesATimeoutThatIsNotPositive() {
        GatewayProperties.Redis redis = new GatewayProperties.Redis("redis://a:1", null, null, null, null, Duration.ZERO,
                null, null, null);
        assertThatIllegalStateException().isThrownBy(() -> RedisSettingsMapping.settings(redis))
                .withMessage("Refusing to start: REDIS_COMMAND_TIMEOUT_MS: redis command timeout must be positive");
    }

    @Test
    void refusalNeverRepeatsAPasswordInTheUrl() {
        GatewayProperties.Redis redis = redis("redis://:pw-in-url@ca che", null, null, null);
        assertThatIllegalStateException().isThrownBy(() -> RedisSettingsMapping.settings(redis))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-in-url"));
    }
}
