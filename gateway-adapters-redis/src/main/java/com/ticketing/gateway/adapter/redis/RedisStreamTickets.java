package com.ticketing.gateway.adapter.redis;

import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.StreamGrant;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.StreamTickets;
import io.lettuce.core.SetArgs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stream tickets shared by every gateway instance on the same Redis. Neither the ticket nor the
 * access token it was issued under is stored in the clear: the key is
 * {@code <prefix><SHA-256 of "id:" + ticket>} and the value the grant sealed with AES-GCM under
 * a key derived from the ticket ({@code SHA-256 of "key:" + ticket}), so what Redis holds is of
 * no use without the ticket itself. One {@code SET … PXAT} per save (the key expires with the
 * grant), one {@code GET} per lookup; a value that does not open is treated as no grant.
 * Failures throw {@code StoreUnavailableException}. Thread-safe.
 */
public final class RedisStreamTickets implements StreamTickets {

    public static final String DEFAULT_KEY_PREFIX = "gw:stream-ticket:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final RedisConnection redis;
    private final String keyPrefix;
    private final SecureRandom random = new SecureRandom();

    public RedisStreamTickets(RedisConnection redis) {
        this(redis, DEFAULT_KEY_PREFIX);
    }

    public RedisStreamTickets(RedisConnection redis, String keyPrefix) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    @Override
    public void save(String ticket, StreamGrant grant) {
        String value = seal(ticket, grant);
        redis.execute("save stream ticket", commands -> commands.set(key(ticket), value,
                SetArgs.Builder.pxAt(grant.expiresAt().toEpochMilli())));
    }

    @Override
    public Optional<StreamGrant> find(String ticket) {
        String value = redis.execute("read stream ticket", commands -> commands.get(key(ticket)));
        return value == null ? Optional.empty() : open(ticket, value);
    }

    /** The key a ticket's grant is stored under. */
    String key(String ticket) {
        return keyPrefix + HexFormat.of().formatHex(sha256("id:" + ticket));
    }

    private String seal(String ticket, StreamGrant grant) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, ticket, nonce);
            byte[] sealed = cipher.doFinal(serialize(grant));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static Optional<StreamGrant> open(String ticket, String value) {
        try {
            byte[] in = Base64.getDecoder().decode(value);
            if (in.length <= NONCE_BYTES) {
                return Optional.empty();
            }
            byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, ticket, nonce);
            return Optional.of(deserialize(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES)));
        } catch (GeneralSecurityException | IllegalArgumentException | IOException e) {
            return Optional.empty(); // not sealed under this ticket: no grant
        }
    }

    private static Cipher cipher(int mode, String ticket, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(sha256("key:" + ticket), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return cipher;
    }

    private static byte[] serialize(StreamGrant grant) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(grant.userId().value());
            out.writeUTF(grant.sessionId().value());
            out.writeUTF(grant.bookingId());
            out.writeUTF(grant.accessToken());
            out.writeLong(grant.expiresAt().getEpochSecond());
            out.writeInt(grant.expiresAt().getNano());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static StreamGrant deserialize(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return new StreamGrant(new UserId(in.readUTF()), new SessionId(in.readUTF()), in.readUTF(), in.readUTF(),
                    Instant.ofEpochSecond(in.readLong(), in.readInt()));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
