package com.ticketing.gateway.adapter.jwt;

import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.AUDIENCE;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.ISSUER;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.NOW;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.claims;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.header;

import com.ticketing.gateway.domain.model.TokenCheck;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Not a test and not a benchmark harness: prints the cost of one access-token verification, in
 * microseconds per operation on one thread, for HS256, RS256 (2048) and ES256 (P-256), without and
 * with the verified-token cache, next to the bare JCA signature check. 1,000 distinct tokens are
 * cycled; 5,000 warm-up verifications are discarded before 20,000 measured ones, and the whole
 * table is printed twice: read the second pass, the first one still includes JIT compilation.
 * <p>
 * Run from the repository root after {@code mvn -pl gateway-adapters-rest test-compile}:
 * {@code java -cp <test classpath> com.ticketing.gateway.adapter.jwt.JwtVerificationCostReport}
 */
final class JwtVerificationCostReport {

    private static final int DISTINCT_TOKENS = 1_000;
    private static final int WARM_UP = 5_000;
    private static final int MEASURED = 20_000;
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final JwksSettings UNUSED_JWKS = JwksSettings.of(URI.create("https://unused.invalid/jwks"));

    private JwtVerificationCostReport() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("%s %s, %d cores%n", System.getProperty("java.vm.name"), Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        for (int pass = 1; pass <= 2; pass++) {
            System.out.printf("pass %d%s%n", pass, pass == 1 ? " (JIT warm-up, discard)" : "");
            System.out.printf("%-6s %14s %14s %14s %14s%n", "alg", "JCA verify", "no cache", "cache miss", "cache hit");
            pass();
        }
    }

    private static void pass() throws Exception {
        String secret = HandMadeTokens.randomSecret();
        report(JwtAlgorithm.HS256, secret, null, jti -> HandMadeTokens.hs256(secret, header("HS256", null), body(jti)));
        KeyPair rsa = HandMadeTokens.rsaKeyPair();
        report(JwtAlgorithm.RS256, secret, rsa, jti -> HandMadeTokens.rs256(rsa.getPrivate(), header("RS256", "k"), body(jti)));
        KeyPair ec = HandMadeTokens.ecKeyPair();
        report(JwtAlgorithm.ES256, secret, ec, jti -> HandMadeTokens.es256(ec.getPrivate(), header("ES256", "k"), body(jti)));
    }

    private static String body(String tokenId) {
        return claims("access", tokenId, NOW.plusSeconds(3_600));
    }

    private static void report(JwtAlgorithm algorithm, String secret, KeyPair pair, Function<String, String> sign)
            throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < DISTINCT_TOKENS; i++) {
            tokens.add(sign.apply("jti-" + i));
        }
        VerificationKeys keys = pair == null
                ? VerificationKeys.fixed(io.jsonwebtoken.security.Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8)))
                : VerificationKeys.fixed(pair.getPublic());
        JwksSettings jwks = algorithm.usesKeySet() ? UNUSED_JWKS : null;

        double jca = microsPerOp(tokens, jcaVerifier(algorithm, secret, pair));
        JwtTokenVerifier uncached = verifier(algorithm, secret, jwks, keys, TokenCacheSettings.DISABLED);
        double noCache = microsPerOp(tokens, token -> verified(uncached.verifyAccess(token)));
        double miss = missCost(algorithm, secret, jwks, keys, tokens);
        JwtTokenVerifier cached = verifier(algorithm, secret, jwks, keys, TokenCacheSettings.DEFAULT);
        tokens.forEach(cached::verifyAccess);
        double hit = microsPerOp(tokens, token -> verified(cached.verifyAccess(token)));
        System.out.printf("%-6s %11.2f µs %11.2f µs %11.2f µs %11.2f µs%n", algorithm, jca, noCache, miss, hit);
    }

    /** Every verification a miss: a fresh cache per 1,000 tokens, so each one is verified and stored. */
    private static double missCost(JwtAlgorithm algorithm, String secret, JwksSettings jwks, VerificationKeys keys,
                                   List<String> tokens) {
        long elapsed = 0;
        int done = 0;
        for (int round = 0; done < WARM_UP + MEASURED; round++) {
            JwtTokenVerifier fresh = verifier(algorithm, secret, jwks, keys, TokenCacheSettings.DEFAULT);
            long start = System.nanoTime();
            for (String token : tokens) {
                verified(fresh.verifyAccess(token));
            }
            if (done >= WARM_UP) {
                elapsed += System.nanoTime() - start;
            }
            done += tokens.size();
        }
        return elapsed / 1_000.0 / MEASURED;
    }

    private static JwtTokenVerifier verifier(JwtAlgorithm algorithm, String secret, JwksSettings jwks,
                                             VerificationKeys keys, TokenCacheSettings cache) {
        JwtSettings settings = new JwtSettings(secret, HandMadeTokens.randomSecret(), ISSUER, AUDIENCE,
                Duration.ofSeconds(30), 4096, algorithm, jwks, cache);
        return new JwtTokenVerifier(settings, CLOCK, JwtVerificationListener.NONE, keys);
    }

    private static boolean verified(TokenCheck check) {
        if (!(check instanceof TokenCheck.Verified)) {
            throw new IllegalStateException("not verified: " + check);
        }
        return true;
    }

    private interface Check {
        boolean run(String token) throws Exception;
    }

    private static double microsPerOp(List<String> tokens, Check check) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            check.run(tokens.get(i % tokens.size()));
        }
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            if (!check.run(tokens.get(i % tokens.size()))) {
                throw new IllegalStateException("signature refused");
            }
        }
        return (System.nanoTime() - start) / 1_000.0 / MEASURED;
    }

    /** The signature check alone, on the signing input and decoded signature, as the JDK provider does it. */
    private static Check jcaVerifier(JwtAlgorithm algorithm, String secret, KeyPair pair) {
        return token -> {
            int dot = token.lastIndexOf('.');
            byte[] input = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (algorithm == JwtAlgorithm.HS256) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return java.security.MessageDigest.isEqual(mac.doFinal(input), signature);
            }
            Signature verifier = Signature.getInstance(algorithm == JwtAlgorithm.RS256
                    ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
            verifier.initVerify(pair.getPublic());
            verifier.update(input);
            return verifier.verify(signature);
        };
    }
}
