package com.ticketing.gateway.adapter.jwt;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * The one signature algorithm access tokens must use, chosen by configuration ({@code JWT_ALGORITHM}),
 * never by a token's header. HS256 verifies with the shared {@code JWT_SECRET}; RS256 and ES256 with
 * public keys published at {@code JWT_JWKS_URL}.
 */
public enum JwtAlgorithm {
    HS256(Jwts.SIG.HS256),
    RS256(Jwts.SIG.RS256),
    ES256(Jwts.SIG.ES256);

    /** RFC 7518 sec. 3.3: RSA keys of at least 2048 bits. */
    static final int MIN_RSA_BITS = 2048;
    private static final ECParameterSpec P256 = namedCurve("secp256r1");

    private final SecureDigestAlgorithm<?, ?> signature;

    JwtAlgorithm(SecureDigestAlgorithm<?, ?> signature) {
        this.signature = signature;
    }

    /** The algorithm named by a setting value, case-insensitively; the message names the setting. */
    public static JwtAlgorithm fromSetting(String value) {
        for (JwtAlgorithm algorithm : values()) {
            if (algorithm.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("JWT_ALGORITHM must be one of " + Arrays.toString(values())
                + ", was " + value);
    }

    /** Whether verification keys come from a JWKS endpoint rather than a shared secret. */
    public boolean usesKeySet() {
        return this != HS256;
    }

    SecureDigestAlgorithm<?, ?> signature() {
        return signature;
    }

    /** Whether {@code key} is a verification key of this algorithm's type and strength. */
    boolean fits(Key key) {
        return switch (this) {
            case HS256 -> key instanceof SecretKey;
            case RS256 -> key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS;
            case ES256 -> key instanceof ECPublicKey ec && isP256(ec.getParams());
        };
    }

    private static boolean isP256(ECParameterSpec params) {
        return params.getCurve().equals(P256.getCurve()) && params.getOrder().equals(P256.getOrder())
                && params.getGenerator().equals(P256.getGenerator());
    }

    private static ECParameterSpec namedCurve(String name) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(name));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks the " + name + " curve", e);
        }
    }
}
