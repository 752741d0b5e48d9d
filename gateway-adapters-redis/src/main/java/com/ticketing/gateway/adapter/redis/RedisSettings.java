package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach Redis.
 *
 * @param url            {@code redis://host:port/db}, or {@code rediss://…} for TLS; may carry
 *                       {@code user:password@}
 * @param password       a password that replaces the URL's (e.g. {@code REDIS_PASSWORD}); never printed
 * @param commandTimeout how long one command may take before it fails; keep it well below the
 *                       request budget
 * @param connectTimeout how long opening the connection may take
 */
public record RedisSettings(String url, Optional<String> password, Duration commandTimeout, Duration connectTimeout) {

    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    public RedisSettings {
        // Messages never repeat the URL: it may carry a password.
        if (url == null || !(url.startsWith("redis://") || url.startsWith("rediss://"))) {
            throw new IllegalArgumentException("redis url must start with redis:// or rediss://");
        }
        try {
            RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("redis url is not redis://host:port/db");
        }
        password = Objects.requireNonNullElse(password, Optional.<String>empty()).filter(p -> !p.isBlank());
        requirePositive(commandTimeout, "command timeout");
        requirePositive(connectTimeout, "connect timeout");
    }

    /** Settings for {@code url} with no extra password and the default timeouts. */
    public static RedisSettings of(String url) {
        return new RedisSettings(url, Optional.empty(), DEFAULT_COMMAND_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    }

    /** The same settings with {@code value} as the password; null or blank means the URL's, if any. */
    public RedisSettings withPassword(String value) {
        return new RedisSettings(url, Optional.ofNullable(value), commandTimeout, connectTimeout);
    }

    public RedisSettings withCommandTimeout(Duration value) {
        return new RedisSettings(url, password, value, connectTimeout);
    }

    public RedisSettings withConnectTimeout(Duration value) {
        return new RedisSettings(url, password, commandTimeout, value);
    }

    /** Where the server is, without credentials: {@code redis://host:port/db}. Safe to log. */
    public String endpoint() {
        RedisURI uri = RedisURI.create(url);
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    /** A new lettuce URI with the password and the command timeout applied. */
    RedisURI toRedisUri() {
        RedisURI uri = RedisURI.create(url);
        password.ifPresent(p -> {
            Optional<String> user = username();
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
    private Optional<String> username() {
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
