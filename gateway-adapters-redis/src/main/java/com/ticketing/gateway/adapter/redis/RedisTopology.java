package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How the gateway's Redis is laid out. Whatever the topology, the stores send the same commands:
 * every script touches keys of one hash tag, so one slot on a cluster. {@link #endpoint()} is
 * safe to log (it never holds a password).
 */
public sealed interface RedisTopology {

    /** Where Redis is, without credentials. */
    String endpoint();

    /**
     * One server (or a proxy in front of several).
     *
     * @param url {@code redis://host:port/db} or {@code rediss://…} for TLS; may carry {@code user:password@}
     */
    record Standalone(String url) implements RedisTopology {

        public Standalone {
            // Messages never repeat the URL: it may carry a password.
            if (url == null || !(url.startsWith("redis://") || url.startsWith("rediss://"))) {
                throw new IllegalArgumentException("redis url must start with redis:// or rediss://");
            }
            try {
                RedisURI.create(url);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("redis url is not redis://host:port/db");
            }
        }

        @Override
        public String endpoint() {
            RedisURI uri = RedisURI.create(url);
            return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/"
                    + uri.getDatabase();
        }

        @Override
        public String toString() {
            return "Standalone[" + endpoint() + "]";
        }
    }

    /**
     * A primary watched by Sentinels: the client asks the Sentinels where the primary is on every
     * (re)connect and moves at once when one announces {@code +switch-master}, so a failover is
     * followed. The Sentinels themselves are reached without a password. Session writes are
     * acknowledged only once {@code confirmingReplicas} replicas have them, so none is lost when
     * a replica is promoted (see {@link ReplicaConfirmedWrites}).
     *
     * @param sentinels          at least one Sentinel
     * @param masterName         the name the Sentinels monitor the primary under
     * @param confirmingReplicas replicas that must confirm each session write (every replica the
     *                           Sentinels may promote); 0 acknowledges writes unconfirmed, and
     *                           those a failover discards are lost
     */
    record Sentinel(List<RedisNode> sentinels, String masterName, int confirmingReplicas) implements RedisTopology {

        /** One replica confirms: the usual primary + replica pair, or with {@code replica-priority 0} on the others. */
        public static final int DEFAULT_CONFIRMING_REPLICAS = 1;

        public Sentinel {
            if (sentinels == null || sentinels.isEmpty()) {
                throw new IllegalArgumentException("redis sentinel nodes must list at least one node");
            }
            sentinels = List.copyOf(sentinels);
            if (masterName == null || masterName.isBlank() || masterName.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("redis sentinel master must be the monitored master's name");
            }
            if (confirmingReplicas < 0 || confirmingReplicas > 100) {
                throw new IllegalArgumentException("redis sentinel confirming replicas must be 0 to 100");
            }
        }

        public Sentinel(List<RedisNode> sentinels, String masterName) {
            this(sentinels, masterName, DEFAULT_CONFIRMING_REPLICAS);
        }

        @Override
        public String endpoint() {
            return "redis-sentinel://" + joined(sentinels) + "/" + masterName;
        }
    }

    /**
     * A Redis Cluster, discovered from any reachable seed node. The client re-reads the slot map
     * every {@code refreshPeriod}, and at once on MOVED/ASK redirections, persistent reconnects
     * and uncovered slots, so a restarted or failed-over master is picked up without a restart.
     *
     * @param seeds         at least one node of the cluster
     * @param refreshPeriod how often the slot map is re-read even when nothing seems wrong
     */
    record Cluster(List<RedisNode> seeds, Duration refreshPeriod) implements RedisTopology {

        /** Often enough to notice a replaced node soon, rarely enough to cost nothing. */
        public static final Duration DEFAULT_REFRESH_PERIOD = Duration.ofSeconds(10);

        public Cluster {
            if (seeds == null || seeds.isEmpty()) {
                throw new IllegalArgumentException("redis cluster nodes must list at least one node");
            }
            seeds = List.copyOf(seeds);
            if (refreshPeriod == null || refreshPeriod.isNegative() || refreshPeriod.isZero()) {
                throw new IllegalArgumentException("redis cluster refresh period must be positive");
            }
        }

        public Cluster(List<RedisNode> seeds) {
            this(seeds, DEFAULT_REFRESH_PERIOD);
        }

        @Override
        public String endpoint() {
            return "redis-cluster://" + joined(seeds);
        }
    }

    private static String joined(List<RedisNode> nodes) {
        return nodes.stream().map(RedisNode::toString).collect(Collectors.joining(","));
    }
}
