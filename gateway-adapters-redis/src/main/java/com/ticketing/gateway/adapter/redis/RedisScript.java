package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

    /**
     * Sends the script over {@code keys} (on Redis Cluster they must share a slot: one hash tag);
     * the answer completes on lettuce's I/O thread, where a NOSCRIPT answer sends the EVAL.
     */
    <T> CompletionStage<T> run(RedisClusterAsyncCommands<String, String> commands, String[] keys, String... args) {
        CompletionStage<T> bySha = commands.evalsha(sha, output, keys, args);
        return bySha.exceptionallyCompose(failure -> {
            Throwable cause = LettuceClient.cause(failure);
            // EVAL, not SCRIPT LOAD + EVALSHA: one command, so a second flush in between cannot
            // fail it; it also caches the script again for the next EVALSHA.
            return cause instanceof RedisNoScriptException ? commands.<T>eval(body, output, keys, args)
                    : CompletableFuture.failedStage(cause);
        });
    }

    /**
     * EVALSHA as a command of its own, for a caller that sends it together with other commands
     * on one connection (see {@link ReplicaConfirmedWrites}).
     */
    <T> AsyncCommand<String, String, T> evalshaCommand(String[] keys, String[] args) {
        return command(CommandType.EVALSHA, sha, keys, args);
    }

    /** EVAL with the body, as a command of its own: after EVALSHA answered NOSCRIPT. */
    <T> AsyncCommand<String, String, T> evalCommand(String[] keys, String[] args) {
        return command(CommandType.EVAL, body, keys, args);
    }

    private <T> AsyncCommand<String, String, T> command(CommandType type, String script, String[] keys,
                                                         String[] args) {
        CommandArgs<String, String> arguments = new CommandArgs<>(StringCodec.UTF8).add(script).add(keys.length)
                .addKeys(keys).addValues(args);
        return new AsyncCommand<>(new Command<>(type, output(), arguments));
    }

    @SuppressWarnings("unchecked")
    private <T> CommandOutput<String, String, T> output() {
        return (CommandOutput<String, String, T>) switch (output) {
            case INTEGER -> new IntegerOutput<>(StringCodec.UTF8);
            case VALUE -> new ValueOutput<>(StringCodec.UTF8);
            default -> throw new IllegalStateException("no confirmed writes for scripts answering " + output);
        };
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
