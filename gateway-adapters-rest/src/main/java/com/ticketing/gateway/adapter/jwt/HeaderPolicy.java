package com.ticketing.gateway.adapter.jwt;

import com.ticketing.gateway.domain.model.TokenRejection;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a compact token must look like before any key lookup, key fetch or signature operation:
 * exactly three segments of canonical, unpadded base64url, a base64url JSON-object header without duplicate members, {@code alg}
 * equal to the pinned algorithm (case-sensitive, so {@code none} and {@code None} fail), none of the
 * {@link #REFUSED_PARAMETERS refused parameters}, a string {@code kid} where keys come from a JWKS,
 * and a non-empty signature. Pure and thread-safe.
 */
final class HeaderPolicy {

    /**
     * Refused outright, never read further (RFC 8725 sec. 3.1, OWASP API7): {@code jku}/{@code x5u}
     * name a URL to fetch keys from, {@code jwk}/{@code x5c} carry the key to verify with, and
     * {@code crit}/{@code b64}/{@code zip} ask for extensions and compression the issuer never uses.
     */
    static final List<String> REFUSED_PARAMETERS = List.of("jku", "x5u", "jwk", "x5c", "crit", "b64", "zip");

    /**
     * TokenRejection has no "unsupported header" reason; a refused header parameter asks for a way of
     * verifying the gateway does not offer, so it is reported as an unsupported algorithm.
     */
    static final TokenRejection REFUSED_HEADER = TokenRejection.UNSUPPORTED_ALGORITHM;

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final JwtAlgorithm pinned;
    private final boolean keyIdRequired;

    HeaderPolicy(JwtAlgorithm pinned) {
        this.pinned = pinned;
        this.keyIdRequired = pinned.usesKeySet();
    }

    /** The outcome of {@link #check}. */
    sealed interface Result {
        /** The header is acceptable; {@code keyId} is null when the token names none. */
        record Passed(String keyId) implements Result {
        }

        record Refused(TokenRejection reason) implements Result {
        }
    }

    Result check(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return refused(TokenRejection.MALFORMED);
        }
        if (!canonical(token, 0, first) || !canonical(token, first + 1, second)
                || !canonical(token, second + 1, token.length())) {
            return refused(TokenRejection.MALFORMED);
        }
        JsonNode header = parseHeader(token.substring(0, first));
        if (header == null || !header.isObject()) {
            return refused(TokenRejection.MALFORMED);
        }
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isString()) {
            return refused(TokenRejection.MALFORMED);
        }
        if (!pinned.name().equals(alg.stringValue())) {
            return refused(TokenRejection.UNSUPPORTED_ALGORITHM);
        }
        for (String parameter : REFUSED_PARAMETERS) {
            if (header.has(parameter)) {
                return refused(REFUSED_HEADER);
            }
        }
        JsonNode kid = header.get("kid");
        if (kid != null && !kid.isString()) {
            return refused(TokenRejection.MALFORMED);
        }
        String keyId = kid == null ? null : kid.stringValue();
        if (keyIdRequired && (keyId == null || keyId.isBlank())) {
            return refused(TokenRejection.MALFORMED);
        }
        if (second == token.length() - 1) {
            return refused(TokenRejection.MALFORMED);
        }
        return new Result.Passed(keyId);
    }

    /**
     * Whether {@code token[from, to)} is base64url as RFC 7515 writes it: no padding, no other
     * characters, and no bits set past the last whole byte. A decoder would read {@code sig=} or a
     * last character with such bits as the same bytes; a token is the string its issuer wrote.
     */
    static boolean canonical(String token, int from, int to) {
        if ((to - from) % 4 == 1) {
            return false;
        }
        int last = 0;
        for (int i = from; i < to; i++) {
            last = sextet(token.charAt(i));
            if (last < 0) {
                return false;
            }
        }
        return switch ((to - from) % 4) {
            case 2 -> (last & 0xF) == 0;
            case 3 -> (last & 0x3) == 0;
            default -> true;
        };
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : c == '_' ? 63 : -1;
    }

    private static JsonNode parseHeader(String segment) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(segment));
        } catch (IllegalArgumentException | JacksonException e) {
            return null;
        }
    }

    private static Result refused(TokenRejection reason) {
        return new Result.Refused(reason);
    }
}
