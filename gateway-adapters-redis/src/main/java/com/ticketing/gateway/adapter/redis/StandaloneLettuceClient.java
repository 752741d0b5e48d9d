package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;

/** One server. */
final class StandaloneLettuceClient implements LettuceClient {

    private final RedisClient client;

    StandaloneLettuceClient(RedisSettings settings, ClientResources resources) {
        client = LettuceClient.redisClient(settings, resources);
    }

    @Override
    public Connected connect() {
        StatefulRedisConnection<String, String> connection = client.connect();
        return new Connected(connection.async(), () -> LettuceClient.requirePong(connection.sync().ping()),
                connection::close);
    }

    @Override
    public void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
