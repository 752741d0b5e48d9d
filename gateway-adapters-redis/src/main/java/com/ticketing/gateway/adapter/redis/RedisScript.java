package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.ByteBuffer;
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
 *
 * <p>Keys and arguments are encoded to UTF-8 on the calling thread, and the SHA-1 and the body
 * once: the event loop that writes the command copies bytes instead of encoding strings
 * character by character into a scratch buffer per key (what lettuce's string codec does; the
 * same bytes reach Redis either way).
 */
final class RedisScript {

    private final byte[] body;
    /** The body's SHA-1 in hex, as EVALSHA takes it. */
    private final byte[] sha;
    private final ScriptOutputType output;

    /** @throws IllegalArgumentException for an answer other than an integer, a value or a (nested) array */
    RedisScript(String body, ScriptOutputType output) {
        if (output != ScriptOutputType.INTEGER && output != ScriptOutputType.VALUE && output != ScriptOutputType.MULTI) {
            throw new IllegalArgumentException("scripts here answer INTEGER, VALUE or MULTI, not " + output);
        }
        this.body = body.getBytes(StandardCharsets.UTF_8);
        this.sha = sha1(body).getBytes(StandardCharsets.US_ASCII);
        this.output = output;
    }

    /**
     * Sends the script over {@code keys} (on Redis Cluster they must share a slot: one hash tag);
     * the answer completes on lettuce's I/O thread, where a NOSCRIPT answer sends the EVAL.
     */
    <T> CompletionStage<T> run(RedisClusterAsyncCommands<String, String> commands, String[] keys, String... args) {
        Encoded encoded = new Encoded(keys, args);
        CompletionStage<T> bySha = commands.dispatch(CommandType.EVALSHA, output(), encoded.withScript(sha));
        return bySha.exceptionallyCompose(failure -> {
            Throwable cause = LettuceClient.cause(failure);
            // EVAL, not SCRIPT LOAD + EVALSHA: one command, so a second flush in between cannot
            // fail it; it also caches the script again for the next EVALSHA.
            return cause instanceof RedisNoScriptException
                    ? commands.dispatch(CommandType.EVAL, this.<T>output(), encoded.withScript(body))
                    : CompletableFuture.failedStage(cause);
        });
    }

    /**
     * EVALSHA as a command of its own, for a caller that sends it together with other commands
     * on one connection (see {@link ReplicaConfirmedWrites}).
     */
    <T> AsyncCommand<String, String, T> evalshaCommand(String[] keys, String[] args) {
        return new AsyncCommand<>(new Command<>(CommandType.EVALSHA, output(),
                new Encoded(keys, args).withScript(sha)));
    }

    /** EVAL with the body, as a command of its own: after EVALSHA answered NOSCRIPT. */
    <T> AsyncCommand<String, String, T> evalCommand(String[] keys, String[] args) {
        return new AsyncCommand<>(new Command<>(CommandType.EVAL, output(), new Encoded(keys, args).withScript(body)));
    }

    /** What lettuce reads the script's answer into for each output type (as its own {@code eval} does). */
    @SuppressWarnings("unchecked")
    private <T> CommandOutput<String, String, T> output() {
        return (CommandOutput<String, String, T>) switch (output) {
            case INTEGER -> new IntegerOutput<>(StringCodec.UTF8);
            case VALUE -> new ValueOutput<>(StringCodec.UTF8);
            case MULTI -> new NestedMultiOutput<>(StringCodec.UTF8);
            default -> throw new IllegalStateException("refused by the constructor: " + output);
        };
    }

    /** A script's keys and arguments as UTF-8, encoded once on the calling thread. */
    static final class Encoded {
        private final byte[][] keys;
        private final byte[][] args;

        Encoded(String[] keys, String[] args) {
            this.keys = utf8(keys);
            this.args = utf8(args);
        }

        /** EVAL's or EVALSHA's arguments: the script (body or SHA-1), the key count, the keys, the arguments. */
        CommandArgs<String, String> withScript(byte[] script) {
            CommandArgs<String, String> arguments = new KeyedBytes(keys.length == 0 ? null : keys[0])
                    .add(script).add(keys.length);
            for (byte[] key : keys) {
                arguments.add(key);
            }
            for (byte[] arg : args) {
                arguments.add(arg);
            }
            return arguments;
        }

        private static byte[][] utf8(String[] values) {
            byte[][] bytes = new byte[values.length][];
            for (int i = 0; i < values.length; i++) {
                bytes[i] = values[i].getBytes(StandardCharsets.UTF_8);
            }
            return bytes;
        }
    }

    /**
     * Arguments added as ready bytes, which name their first key for a cluster's routing (lettuce
     * sends a command to the master of its first key's slot; only arguments added as keys would
     * otherwise count).
     */
    private static final class KeyedBytes extends CommandArgs<String, String> {
        private final byte[] firstKey;

        KeyedBytes(byte[] firstKey) {
            super(StringCodec.UTF8);
            this.firstKey = firstKey;
        }

        @Override
        public ByteBuffer getFirstEncodedKey() {
            return firstKey == null ? null : ByteBuffer.wrap(firstKey);
        }
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
