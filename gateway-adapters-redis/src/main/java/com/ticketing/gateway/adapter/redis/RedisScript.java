package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 (EVALSHA: one round trip, the body is not resent). When Redis
 * has lost its script cache (restart, failover, {@code SCRIPT FLUSH}) the script is run once
 * more with its body (EVAL), which caches it again. Immutable and thread-safe.
 */
final class RedisScript {

    private final String body;
    private final String sha;
    private final ScriptOutputType output;

    RedisScript(String body, ScriptOutputType output) {
        this.body = body;
        this.sha = sha1(body);
        this.output = output;
    }

    <T> T run(RedisClusterCommands<String, String> commands, String key, String... args) {
        return run(commands, new String[] {key}, args);
    }

    /** Runs over several keys; on Redis Cluster they must share a slot (one hash tag). */
    <T> T run(RedisClusterCommands<String, String> commands, String[] keys, String... args) {
        try {
            return commands.evalsha(sha, output, keys, args);
        } catch (RedisNoScriptException e) {
            // EVAL, not SCRIPT LOAD + EVALSHA: one command, so a second flush in between cannot
            // fail it; it also caches the script again for the next EVALSHA.
            return commands.eval(body, output, keys, args);
        }
    }

    String sha() {
        return sha;
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
