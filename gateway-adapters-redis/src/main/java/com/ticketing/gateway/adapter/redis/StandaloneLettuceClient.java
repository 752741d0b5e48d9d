package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;

/** One server, or the primary that Sentinels point at (asked again on every reconnect). */
final class StandaloneLettuceClient implements LettuceClient {

    private final RedisClient client;

    StandaloneLettuceClient(RedisSettings settings, ClientResources resources) {
        client = RedisClient.create(resources, settings.toRedisUris().getFirst());
        ClientOptions.Builder options = ClientOptions.builder();
        LettuceClient.applyFailureBehaviour(options, settings);
        client.setOptions(options.build());
    }

    @Override
    public Connected connect() {
        StatefulRedisConnection<String, String> connection = client.connect();
        return new Connected(connection.sync(), () -> LettuceClient.requirePong(connection.sync().ping()),
                connection::close);
    }

    @Override
    public void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
