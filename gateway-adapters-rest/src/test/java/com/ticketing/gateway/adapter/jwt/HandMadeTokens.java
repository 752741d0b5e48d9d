package com.ticketing.gateway.adapter.jwt;

import io.jsonwebtoken.security.Jwks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact tokens built by hand, so that a test controls every header member (jjwt's builder
 * refuses to write most of the attacks). Keys are generated at test time; none is committed.
 */
final class HandMadeTokens {

    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final String ISSUER = "ticketing-auth";
    static final String AUDIENCE = "ticketing-gateway";

    private HandMadeTokens() {
    }

    static KeyPair rsaKeyPair() {
        return rsaKeyPair(2048);
    }

    static KeyPair rsaKeyPair(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ecKeyPair() {
        return ecKeyPair("secp256r1");
    }

    static KeyPair ecKeyPair(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** {"alg":alg,"kid":kid} plus raw JSON members, e.g. {@code "\"jku\":\"http://x\""}. */
    static String header(String alg, String kid, String... members) {
        StringBuilder json = new StringBuilder("{\"alg\":\"").append(alg).append('"');
        if (kid != null) {
            json.append(",\"kid\":\"").append(kid).append('"');
        }
        for (String member : members) {
            json.append(',').append(member);
        }
        return json.append('}').toString();
    }

    static String claims(String type, Instant expiresAt) {
        return claims(type, "jti-1", expiresAt);
    }

    static String claims(String type, String tokenId, Instant expiresAt) {
        return "{\"sub\":\"user-1\",\"sid\":\"session-1\",\"jti\":\"" + tokenId + "\",\"typ\":\"" + type
                + "\",\"iss\":\"" + ISSUER + "\",\"aud\":[\"" + AUDIENCE + "\"],\"iat\":"
                + NOW.minusSeconds(60).getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond() + "}";
    }

    static String accessClaims() {
        return claims("access", NOW.plusSeconds(600));
    }

    static String b64(String json) {
        return b64(json.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String unsigned(String headerJson, String claimsJson) {
        return b64(headerJson) + "." + b64(claimsJson) + ".";
    }

    static String hs256(byte[] secret, String headerJson, String claimsJson) {
        String input = b64(headerJson) + "." + b64(claimsJson);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hs256(String secret, String headerJson, String claimsJson) {
        return hs256(secret.getBytes(StandardCharsets.UTF_8), headerJson, claimsJson);
    }

    static String rs256(PrivateKey key, String headerJson, String claimsJson) {
        return signed("SHA256withRSA", key, headerJson, claimsJson);
    }

    /** ES256 signatures are R || S (RFC 7518 sec. 3.4), which the JDK calls P1363 format. */
    static String es256(PrivateKey key, String headerJson, String claimsJson) {
        return signed("SHA256withECDSAinP1363Format", key, headerJson, claimsJson);
    }

    private static String signed(String algorithm, PrivateKey key, String headerJson, String claimsJson) {
        String input = b64(headerJson) + "." + b64(claimsJson);
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK of {@code key} with {@code kid}, as JSON. */
    static String jwk(String kid, PublicKey key) {
        return Jwks.json(Jwks.builder().key(key).id(kid).build());
    }

    /** The private JWK of an RSA key pair: what an identity provider must never publish. */
    static String privateJwk(String kid, KeyPair pair) {
        return Jwks.UNSAFE_JSON(Jwks.builder().rsaKeyPair(pair).id(kid).build());
    }

    /** {@code jwkJson} with raw JSON members added, e.g. {@code "\"use\":\"enc\""}. */
    static String withMembers(String jwkJson, String... members) {
        return "{" + String.join(",", members) + "," + jwkJson.substring(1);
    }

    /** A JWK set document of the given JWK JSON objects. */
    static String jwks(String... jwks) {
        return Arrays.stream(jwks).collect(Collectors.joining(",", "{\"keys\":[", "]}"));
    }
}
