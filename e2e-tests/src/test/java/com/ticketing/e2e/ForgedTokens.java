package com.ticketing.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hand-made compact JWTs for attacks on the gateway's verification: any header, any claims, signed
 * with HMAC under any key or not at all. The platform's own tokens are HS256 with claims sub, sid,
 * jti, typ, iss, aud, iat and exp.
 */
final class ForgedTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ForgedTokens() {
    }

    /** The claims of a real token, as a mutable copy. */
    static ObjectNode claimsOf(String token) {
        String payload = token.split("\\.")[1];
        return (ObjectNode) Http.JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    static ObjectNode header(String alg) {
        ObjectNode header = Http.JSON.createObjectNode();
        header.put("alg", alg);
        header.put("typ", "JWT");
        return header;
    }

    static String segment(JsonNode json) {
        return B64.encodeToString(Http.JSON.writeValueAsBytes(json));
    }

    /** {@code header.claims.} with an empty signature. */
    static String unsigned(JsonNode header, JsonNode claims) {
        return segment(header) + "." + segment(claims) + ".";
    }

    /** Signed with HMAC ({@code HmacSHA256} or {@code HmacSHA512}) under {@code secret}, whatever the header says. */
    static String hmac(JsonNode header, JsonNode claims, String secret, String macAlgorithm) {
        String signingInput = segment(header) + "." + segment(claims);
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), macAlgorithm));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hs256(JsonNode header, JsonNode claims, String secret) {
        return hmac(header, claims, secret, "HmacSHA256");
    }

    /** The claims with one member replaced (a null value removes it). */
    static ObjectNode with(ObjectNode claims, String name, Object value) {
        ObjectNode copy = claims.deepCopy();
        switch (value) {
            case null -> copy.remove(name);
            case String s -> copy.put(name, s);
            case Long l -> copy.put(name, l);
            case Instant t -> copy.put(name, t.getEpochSecond());
            default -> throw new IllegalArgumentException(String.valueOf(value));
        }
        return copy;
    }
}
