package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisURI;
import java.util.List;

/** {@link TrackedTurnstileScenarios} on one real redis-server. */
class TrackedTurnstileIT extends TrackedTurnstileScenarios {

    private RedisServerFixture server;

    @Override
    protected RedisSettings startRedis() {
        server = RedisServerFixture.startOnFreePort();
        return RedisSettings.of(server.url());
    }

    @Override
    protected List<RedisURI> masters() {
        return List.of(RedisURI.create(server.url()));
    }

    @Override
    protected void stopRedis() {
        server.close();
    }
}
