package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisURI;
import java.util.ArrayList;
import java.util.List;

/** {@link TrackedTurnstileScenarios} on a real three-master Redis Cluster: tracking on every master. */
class TrackedTurnstileClusterIT extends TrackedTurnstileScenarios {

    private RedisClusterFixture cluster;

    @Override
    protected RedisSettings startRedis() {
        cluster = RedisClusterFixture.start();
        return RedisSettings.cluster(cluster.nodes());
    }

    @Override
    protected List<RedisURI> masters() {
        List<RedisURI> masters = new ArrayList<>();
        for (int i = 0; i < RedisClusterFixture.MASTERS; i++) {
            masters.add(RedisURI.create("127.0.0.1", cluster.port(i)));
        }
        return masters;
    }

    @Override
    protected void stopRedis() {
        cluster.close();
    }
}
