package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A script's keys and arguments, encoded once as bytes, go out as lettuce's string codec writes them. */
class RedisScriptTest {

    @ParameterizedTest
    @ValueSource(strings = {"rl:{user-1}:booking-get", "sess:{ü-ñ-用户}:x", "emoji:{\uD83C\uDFAB}", "lone:\uD800:surrogate",
            ""})
    void keysAndArgumentsReachRedisAsTheStringCodecWritesThem(String key) {
        String[] keys = {key, "rl:{" + key + "}:second"};
        String[] args = {"1000", "60000000", "ärger", ""};
        byte[] script = "0123456789abcdef0123456789abcdef01234567".getBytes(StandardCharsets.US_ASCII);

        CommandArgs<String, String> lettuces = new CommandArgs<>(StringCodec.UTF8)
                .add("0123456789abcdef0123456789abcdef01234567").add(keys.length).addKeys(keys).addValues(args);
        CommandArgs<String, String> ours = new RedisScript.Encoded(keys, args).withScript(script);

        assertThat(wire(ours)).isEqualTo(wire(lettuces));
        assertThat(ours.count()).isEqualTo(lettuces.count());
        assertThat(bytes(ours.getFirstEncodedKey())).as("a cluster routes by the first key's slot")
                .isEqualTo(bytes(lettuces.getFirstEncodedKey()));
    }

    @Test
    void aScriptWithoutKeysNamesNoKeyToRouteBy() {
        CommandArgs<String, String> ours = new RedisScript.Encoded(new String[0], new String[] {"1"})
                .withScript(new byte[] {'s'});

        assertThat(ours.getFirstEncodedKey()).isNull();
        assertThat(new String(wire(ours), StandardCharsets.UTF_8)).isEqualTo("$1\r\ns\r\n$1\r\n0\r\n$1\r\n1\r\n");
    }

    @Test
    void theFirstKeyCanBeReadMoreThanOnce() {
        CommandArgs<String, String> ours = new RedisScript.Encoded(new String[] {"k:{a}"}, new String[0])
                .withScript(new byte[] {'s'});

        assertThat(bytes(ours.getFirstEncodedKey())).isEqualTo(bytes(ours.getFirstEncodedKey()))
                .isEqualTo("k:{a}".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(value = ScriptOutputType.class, names = {"INTEGER", "VALUE", "MULTI"}, mode = EnumSource.Mode.EXCLUDE)
    void anAnswerNoScriptHereReadsIsRefusedWhenTheScriptIsMadeNotWhenItRuns(ScriptOutputType output) {
        assertThatIllegalArgumentException().isThrownBy(() -> new RedisScript("return 1", output))
                .withMessageContaining(output.name());
    }

    private static byte[] wire(CommandArgs<String, String> args) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            args.encode(buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
