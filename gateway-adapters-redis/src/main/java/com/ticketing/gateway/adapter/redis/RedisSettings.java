package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach Redis.
 *
 * @param topology       one server, a Sentinel-watched primary, or a cluster
 * @param password       a password for the data nodes that replaces a URL's (e.g. {@code REDIS_PASSWORD});
 *                       never printed
 * @param commandTimeout how long one command may take before it fails; keep it well below the
 *                       request budget
 * @param connectTimeout how long opening a connection may take
 */
public record RedisSettings(RedisTopology topology, Optional<String> password, Duration commandTimeout,
                            Duration connectTimeout) {

    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    public RedisSettings {
        Objects.requireNonNull(topology, "topology");
        password = Objects.requireNonNullElse(password, Optional.<String>empty()).filter(p -> !p.isBlank());
        requirePositive(commandTimeout, "command timeout");
        requirePositive(connectTimeout, "connect timeout");
    }

    /** One server at {@code url}, with no extra password and the default timeouts. */
    public static RedisSettings of(String url) {
        return of(new RedisTopology.Standalone(url));
    }

    /** The primary that Sentinels at {@code nodes} ({@code host:port,…}) monitor as {@code masterName}. */
    public static RedisSettings sentinel(String nodes, String masterName) {
        return of(new RedisTopology.Sentinel(RedisNode.parseList(nodes, "redis sentinel nodes"), masterName));
    }

    /** The cluster that {@code nodes} ({@code host:port,…}) belong to. */
    public static RedisSettings cluster(String nodes) {
        return of(new RedisTopology.Cluster(RedisNode.parseList(nodes, "redis cluster nodes")));
    }

    public static RedisSettings of(RedisTopology topology) {
        return new RedisSettings(topology, Optional.empty(), DEFAULT_COMMAND_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    }

    /** The same settings with {@code value} as the password; null or blank means the URL's, if any. */
    public RedisSettings withPassword(String value) {
        return new RedisSettings(topology, Optional.ofNullable(value), commandTimeout, connectTimeout);
    }

    public RedisSettings withCommandTimeout(Duration value) {
        return new RedisSettings(topology, password, value, connectTimeout);
    }

    public RedisSettings withConnectTimeout(Duration value) {
        return new RedisSettings(topology, password, commandTimeout, value);
    }

    /**
     * How long the primary waits for replicas to confirm a session write (Sentinel only): a fifth
     * of the command timeout (a replica on the same network confirms within a millisecond or
     * two). WAIT holds its connection on the server, so several unconfirmed writes in a row
     * still answer "not replicated" within the command timeout rather than time out.
     */
    public Duration replicaWait() {
        return commandTimeout.dividedBy(5);
    }

    /** Where Redis is, without credentials. Safe to log. */
    public String endpoint() {
        return topology.endpoint();
    }

    /**
     * New lettuce URIs with the password and the command timeout applied: the server's, the
     * Sentinel-watched primary's, or one per cluster seed node.
     */
    List<RedisURI> toRedisUris() {
        return switch (topology) {
            case RedisTopology.Standalone standalone -> List.of(standaloneUri(standalone.url()));
            case RedisTopology.Sentinel sentinel -> {
                RedisURI.Builder builder = RedisURI.builder().withSentinelMasterId(sentinel.masterName());
                sentinel.sentinels().forEach(node -> builder.withSentinel(node.host(), node.port()));
                yield List.of(withCredentials(builder.build(), Optional.empty()));
            }
            case RedisTopology.Cluster cluster -> cluster.seeds().stream()
                    .map(node -> withCredentials(RedisURI.create(node.host(), node.port()), Optional.empty()))
                    .toList();
        };
    }

    private RedisURI standaloneUri(String url) {
        return withCredentials(RedisURI.create(url), username(url));
    }

    private RedisURI withCredentials(RedisURI uri, Optional<String> user) {
        password.ifPresent(p -> {
            if (user.isPresent()) {
                uri.setAuthentication(user.get(), p.toCharArray());
            } else {
                uri.setAuthentication(p.toCharArray());
            }
        });
        uri.setTimeout(commandTimeout);
        return uri;
    }

    /** The URL's user name: lettuce reads {@code user:password@}, and a lone {@code password@}. */
    private static Optional<String> username(String url) {
        String userInfo;
        try {
            userInfo = URI.create(url).getRawUserInfo();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        return colon > 0 ? Optional.of(userInfo.substring(0, colon)) : Optional.empty();
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("redis " + name + " must be positive");
        }
    }

    @Override
    public String toString() {
        return "RedisSettings[endpoint=" + endpoint() + ", password=" + (password.isPresent() ? "<set>" : "<none>")
                + ", commandTimeout=" + commandTimeout + ", connectTimeout=" + connectTimeout + "]";
    }
}
