package com.ticketing.gateway.adapter.jwt;

import io.jsonwebtoken.io.Parser;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import io.jsonwebtoken.security.PublicJwk;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the configured JWKS document, and only that URL: redirects are not followed and no URL
 * from a token is ever used. One read takes at most the fetch timeout (connect, answer and body).
 * Keeps the public signature keys with a {@code kid} that fit the pinned algorithm; private or
 * secret keys, encryption keys, keys for another algorithm and kids published twice are left out.
 * Thread-safe.
 */
final class JwksClient implements AutoCloseable {

    /** A key set larger than this is refused (about 100 RSA keys). */
    static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    private static final System.Logger LOG = System.getLogger(JwksClient.class.getName());

    private final HttpClient http;
    private final HttpRequest request;
    private final Duration timeout;
    private final JwtAlgorithm algorithm;
    private final Parser<JwkSet> parser = Jwks.setParser().build();

    JwksClient(JwksSettings settings, JwtAlgorithm algorithm) {
        this.timeout = settings.fetchTimeout();
        this.algorithm = algorithm;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.request = HttpRequest.newBuilder(settings.url())
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
    }

    /**
     * The usable keys by {@code kid}; may be empty when the source publishes none.
     *
     * @throws IOException when the document cannot be read in time, is not HTTP 200, is too large or
     *                     is not a JWK set
     */
    Map<String, Key> fetch() throws IOException {
        byte[] body = parseable(send());
        JwkSet set;
        try {
            set = parser.parse(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException("not a JWK set: " + e.getMessage(), e);
        }
        return usableKeys(set);
    }

    private HttpResponse<byte[]> send() throws IOException {
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, JwksClient::bodyWithinLimit);
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new IOException("no complete answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the JWKS");
        }
    }

    private static byte[] parseable(HttpResponse<byte[]> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        if (response.body() == null) {
            throw new IOException("document larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        return response.body();
    }

    private static BodySubscriber<byte[]> bodyWithinLimit(HttpResponse.ResponseInfo info) {
        if (info.statusCode() != 200
                || info.headers().firstValueAsLong("Content-Length").orElse(0) > MAX_DOCUMENT_BYTES) {
            return BodySubscribers.replacing(null);
        }
        return BodySubscribers.mapping(BodySubscribers.ofByteArray(),
                bytes -> bytes.length > MAX_DOCUMENT_BYTES ? null : bytes);
    }

    private Map<String, Key> usableKeys(JwkSet set) {
        Map<String, Key> keys = new HashMap<>();
        Set<String> duplicated = new HashSet<>();
        for (Jwk<?> jwk : set.getKeys()) {
            String kid = jwk.getId();
            if (jwk instanceof PrivateJwk<?, ?, ?>) {
                LOG.log(System.Logger.Level.WARNING, "the JWKS publishes a private key (kid {0}): not used", kid);
                continue;
            }
            if (!(jwk instanceof PublicJwk<?> publicJwk) || kid == null || kid.isBlank()
                    || !(publicJwk.getPublicKeyUse() == null || "sig".equals(publicJwk.getPublicKeyUse()))
                    || !(jwk.getAlgorithm() == null || algorithm.name().equals(jwk.getAlgorithm()))) {
                LOG.log(System.Logger.Level.DEBUG, "JWKS key {0} ({1}) is not a {2} signature key: skipped",
                        kid, jwk.getType(), algorithm);
                continue;
            }
            Key key = publicJwk.toKey();
            if (!algorithm.fits(key)) {
                LOG.log(System.Logger.Level.WARNING, "JWKS key {0} does not fit {1}: skipped", kid, algorithm);
            } else if (keys.putIfAbsent(kid, key) != null) {
                duplicated.add(kid);
            }
        }
        if (!duplicated.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "JWKS publishes kids {0} more than once: none of them is trusted",
                    duplicated);
            keys.keySet().removeAll(duplicated);
        }
        return Map.copyOf(keys);
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
