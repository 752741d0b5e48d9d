package com.ticketing.gateway.adapter.redis;

import static com.ticketing.gateway.adapter.redis.RedisSentinelFixture.awaitUntil;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TrackedTurnstileScenarios} on a Sentinel-watched primary with a replica, and across a
 * planned failover: the tracking connections follow the new primary, and a logout is again
 * honoured by the other instance within 100 ms.
 */
class TrackedTurnstileSentinelIT extends TrackedTurnstileScenarios {

    private RedisSentinelFixture redis;

    @Override
    protected RedisSettings startRedis() {
        redis = RedisSentinelFixture.start();
        return RedisSettings.sentinel(redis.sentinelNodes(), RedisSentinelFixture.MASTER_NAME);
    }

    @Override
    protected List<RedisURI> masters() {
        return List.of(RedisURI.create("127.0.0.1", redis.portOfPrimaryNamedBySentinel()));
    }

    @Override
    protected void stopRedis() {
        redis.close();
    }

    @Test
    void afterAFailoverTrackingFollowsTheNewPrimaryAndALogoutStillReachesTheOtherInstance() {
        int oldPrimary = redis.portOfPrimaryNamedBySentinel();
        long epoch = firstEpoch();

        redis.failover();
        awaitUntil("the sentinel names the replica", Duration.ofSeconds(10),
                () -> redis.portOfPrimaryNamedBySentinel() != oldPrimary);
        // As RedisSentinelPlannedFailoverIT: the Sentinel reconfigures the old primary within 30 s.
        awaitUntil("the old primary is demoted and follows the new one", Duration.ofSeconds(30),
                () -> "slave".equals(redis.roleOf(oldPrimary)) && redis.onServer(oldPrimary,
                        admin -> admin.sync().info("replication")).contains("master_link_status:up"));
        awaitUntil("the demoted primary's tracking dropped, everything forgotten", Duration.ofSeconds(5),
                () -> firstEpoch() > epoch);
        awaitTracking(Duration.ofSeconds(10));

        assertALogoutOnOneInstanceClosesTheSessionOnTheOtherWithin100Ms();
    }
}
