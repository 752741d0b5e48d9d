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
 * exactly three segments, a base64url JSON-object header without duplicate members, {@code alg}
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
