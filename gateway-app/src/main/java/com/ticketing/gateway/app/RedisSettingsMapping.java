package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.redis.RedisNode;
import com.ticketing.gateway.adapter.redis.RedisSettings;
import com.ticketing.gateway.adapter.redis.RedisTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Maps the Redis environment variables to the adapter's settings: at most one topology, every
 * refusal naming its variable (and never repeating a value, which may hold a password).
 */
final class RedisSettingsMapping {

    private RedisSettingsMapping() {
    }

    /** Empty when no topology is configured; throws {@link IllegalStateException} on a bad setting. */
    static Optional<RedisSettings> settings(GatewayProperties.Redis redis) {
        if (!redis.configured()) {
            return Optional.empty();
        }
        List<String> chosen = new ArrayList<>();
        if (present(redis.url())) {
            chosen.add("REDIS_URL");
        }
        if (present(redis.sentinelNodes()) || present(redis.sentinelMaster())) {
            chosen.add("REDIS_SENTINEL_NODES");
        }
        if (present(redis.clusterNodes())) {
            chosen.add("REDIS_CLUSTER_NODES");
        }
        if (chosen.size() > 1) {
            throw refusal("set only one of " + String.join(", ", chosen));
        }
        RedisSettings settings = switch (chosen.getFirst()) {
            case "REDIS_URL" -> parse("REDIS_URL", () -> RedisSettings.of(redis.url()));
            case "REDIS_CLUSTER_NODES" ->
                    parse("REDIS_CLUSTER_NODES", () -> RedisSettings.cluster(redis.clusterNodes()));
            default -> sentinel(redis);
        };
        RedisSettings withTimeout = parse("REDIS_COMMAND_TIMEOUT_MS",
                () -> settings.withCommandTimeout(redis.commandTimeout()));
        return Optional.of(present(redis.password()) ? withTimeout.withPassword(redis.password()) : withTimeout);
    }

    private static RedisSettings sentinel(GatewayProperties.Redis redis) {
        if (!present(redis.sentinelNodes())) {
            throw refusal("REDIS_SENTINEL_MASTER needs REDIS_SENTINEL_NODES");
        }
        if (!present(redis.sentinelMaster())) {
            throw refusal("REDIS_SENTINEL_NODES needs REDIS_SENTINEL_MASTER");
        }
        List<RedisNode> nodes = parse("REDIS_SENTINEL_NODES",
                () -> RedisNode.parseList(redis.sentinelNodes(), "redis sentinel nodes"));
        RedisTopology.Sentinel sentinel = parse("REDIS_SENTINEL_MASTER",
                () -> new RedisTopology.Sentinel(nodes, redis.sentinelMaster()));
        Integer confirming = redis.sentinelConfirmingReplicas();
        return confirming == null ? RedisSettings.of(sentinel) : parse("REDIS_SENTINEL_CONFIRMING_REPLICAS",
                () -> RedisSettings.of(new RedisTopology.Sentinel(nodes, sentinel.masterName(), confirming)));
    }

    private static <T> T parse(String variable, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            // The adapter's messages name the setting and never repeat its value.
            throw refusal(variable + ": " + e.getMessage());
        }
    }

    private static IllegalStateException refusal(String problem) {
        return new SettingRefused(problem);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
