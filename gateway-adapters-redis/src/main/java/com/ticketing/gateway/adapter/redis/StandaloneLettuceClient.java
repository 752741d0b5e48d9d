package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;

/** One server. */
final class StandaloneLettuceClient implements LettuceClient {

    private final RedisClient client;
    private final List<RedisURI> masters;

    StandaloneLettuceClient(RedisSettings settings, ClientResources resources) {
        client = LettuceClient.redisClient(settings, resources);
        masters = List.of(settings.toRedisUris().getFirst());
    }

    @Override
    public List<RedisURI> masters() {
        return masters;
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
