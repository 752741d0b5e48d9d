package com.ticketing.gateway.adapter.jwt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.AUDIENCE;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.ISSUER;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.NOW;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.accessClaims;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.header;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.jwk;
import static com.ticketing.gateway.adapter.jwt.HandMadeTokens.jwks;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.ticketing.gateway.domain.model.TokenCheck;
import com.ticketing.gateway.domain.model.TokenRejection;
import com.ticketing.gateway.domain.testing.MutableClock;
import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RS256 and ES256 with keys from a JWKS endpoint (WireMock); the min refetch interval is 30 s of the test clock. */
class JwksTokenVerifierTest {

    private static final String PATH = "/.well-known/jwks.json";
    private static final KeyPair RSA_1 = HandMadeTokens.rsaKeyPair();
    private static final KeyPair RSA_2 = HandMadeTokens.rsaKeyPair();
    private static final KeyPair RSA_3 = HandMadeTokens.rsaKeyPair();
    private static final KeyPair ATTACKER = HandMadeTokens.rsaKeyPair();
    private static final KeyPair EC_1 = HandMadeTokens.ecKeyPair();
    private static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    private static final TokenCheck BAD_SIGNATURE = new TokenCheck.Rejected(TokenRejection.BAD_SIGNATURE);
    private static final TokenCheck KEY_SOURCE_UNAVAILABLE =
            new TokenCheck.Rejected(TokenRejection.KEY_SOURCE_UNAVAILABLE);

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final MutableClock clock = new MutableClock(NOW);
    private final RecordingListener listener = new RecordingListener();
    private final List<AutoCloseable> started = new ArrayList<>();
    private JwksKeySource keys;

    @BeforeEach
    void startServer() {
        server.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : started) {
            closeable.close();
        }
        server.stop();
    }

    private JwtTokenVerifier verifier(JwtAlgorithm algorithm) {
        return verifier(algorithm, TokenCacheSettings.DISABLED, Duration.ofHours(1), Duration.ofSeconds(2));
    }

    /** Reads the key set once, then forgets that request so that tests count only what follows. */
    private JwtTokenVerifier verifier(JwtAlgorithm algorithm, TokenCacheSettings cache, Duration refreshInterval,
                                      Duration fetchTimeout) {
        JwksSettings jwks = new JwksSettings(URI.create("http://127.0.0.1:" + server.port() + PATH),
                refreshInterval, MIN_REFETCH, fetchTimeout);
        keys = JwksKeySource.start(jwks, algorithm, listener, () -> clock.millis() * 1_000_000L);
        JwtSettings settings = new JwtSettings(null, HandMadeTokens.randomSecret(), ISSUER, AUDIENCE,
                Duration.ofSeconds(30), 4096, algorithm, jwks, cache);
        JwtTokenVerifier verifier = new JwtTokenVerifier(settings, clock, listener, keys);
        started.add(verifier);
        server.resetRequests();
        return verifier;
    }

    private void publish(String... jwkJson) {
        server.stubFor(get(PATH).willReturn(okJson(jwks(jwkJson))));
    }

    private int keySetReads() {
        return server.findAll(getRequestedFor(urlEqualTo(PATH))).size();
    }

    private int allRequests() {
        return server.getAllServeEvents().size();
    }

    private static String rs256(KeyPair pair, String kid) {
        return HandMadeTokens.rs256(pair.getPrivate(), header("RS256", kid), accessClaims());
    }

    private static String rs256(KeyPair pair, String kid, String member) {
        return HandMadeTokens.rs256(pair.getPrivate(), header("RS256", kid, member), accessClaims());
    }

    // --- happy paths -------------------------------------------------------------------------

    @Test
    void acceptsAnRs256TokenSignedWithAPublishedKey() {
        publish(jwk("rsa-1", RSA_1.getPublic()));

        TokenCheck check = verifier(JwtAlgorithm.RS256).verifyAccess(rs256(RSA_1, "rsa-1"));

        assertThat(check).isInstanceOfSatisfying(TokenCheck.Verified.class,
                v -> assertThat(v.claims().userId().value()).isEqualTo("user-1"));
        assertThat(allRequests()).isZero();
    }

    @Test
    void acceptsAnEs256TokenSignedWithAPublishedKey() {
        publish(jwk("ec-1", EC_1.getPublic()));

        TokenCheck check = verifier(JwtAlgorithm.ES256)
                .verifyAccess(HandMadeTokens.es256(EC_1.getPrivate(), header("ES256", "ec-1"), accessClaims()));

        assertThat(check).isInstanceOf(TokenCheck.Verified.class);
    }

    @Test
    void verifierBuiltFromSettingsAloneReadsTheConfiguredKeySet() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwksSettings jwks = JwksSettings.of(URI.create("http://127.0.0.1:" + server.port() + PATH));
        JwtTokenVerifier verifier = new JwtTokenVerifier(new JwtSettings(null, HandMadeTokens.randomSecret(), ISSUER,
                AUDIENCE, Duration.ofSeconds(30), 4096, JwtAlgorithm.RS256, jwks, TokenCacheSettings.DEFAULT), clock,
                listener);
        started.add(verifier);

        assertThat(verifier.verifyAccess(rs256(RSA_1, "rsa-1"))).isInstanceOf(TokenCheck.Verified.class);
        assertThat(listener.fetched()).isEqualTo(1);
    }

    @Test
    void refreshTokensStayHs256WithTheRefreshSecretWhenAccessTokensUseTheKeySet() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);

        TokenCheck refresh = verifier.verifyRefresh(HandMadeTokens.rs256(RSA_1.getPrivate(), header("RS256", "rsa-1"),
                HandMadeTokens.claims("refresh", NOW.plusSeconds(3600))));

        assertThat(refresh).isEqualTo(new TokenCheck.Rejected(TokenRejection.UNSUPPORTED_ALGORITHM));
        assertThat(allRequests()).isZero();
    }

    // --- algorithm pinning -------------------------------------------------------------------

    @Test
    void refusesAnHs256TokenSignedWithTheRsaPublicKeyBytes() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);

        String confused = HandMadeTokens.hs256(RSA_1.getPublic().getEncoded(), header("HS256", "rsa-1"), accessClaims());

        assertThat(verifier.verifyAccess(confused))
                .isEqualTo(new TokenCheck.Rejected(TokenRejection.UNSUPPORTED_ALGORITHM));
        assertThat(allRequests()).isZero();
    }

    @Test
    void refusesAnRs256TokenWhenEs256IsConfigured() {
        publish(jwk("ec-1", EC_1.getPublic()), jwk("rsa-1", RSA_1.getPublic()));

        assertThat(verifier(JwtAlgorithm.ES256).verifyAccess(rs256(RSA_1, "rsa-1")))
                .isEqualTo(new TokenCheck.Rejected(TokenRejection.UNSUPPORTED_ALGORITHM));
    }

    @Test
    void refusesAlgNoneWithoutFetchingKeys() {
        publish(jwk("rsa-1", RSA_1.getPublic()));

        TokenCheck check = verifier(JwtAlgorithm.RS256)
                .verifyAccess(HandMadeTokens.unsigned(header("none", "unknown"), accessClaims()));

        assertThat(check).isEqualTo(new TokenCheck.Rejected(TokenRejection.UNSUPPORTED_ALGORITHM));
        assertThat(allRequests()).isZero();
    }

    // --- unknown kid -------------------------------------------------------------------------

    @Test
    void unknownKidTriggersExactlyOneKeySetReadThenIsRefusedAsBadSignature() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);

        assertThat(verifier.verifyAccess(rs256(ATTACKER, "rsa-9"))).isEqualTo(BAD_SIGNATURE);
        assertThat(keySetReads()).isEqualTo(1);
        assertThat(listener.rejected(TokenRejection.BAD_SIGNATURE)).isEqualTo(1);
    }

    @Test
    void secondUnknownKidWithinTheMinimumIntervalTriggersNoRead() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);
        verifier.verifyAccess(rs256(ATTACKER, "rsa-8"));

        clock.advance(MIN_REFETCH.minusMillis(1));

        assertThat(verifier.verifyAccess(rs256(ATTACKER, "rsa-9"))).isEqualTo(BAD_SIGNATURE);
        assertThat(keySetReads()).isEqualTo(1);
    }

    @Test
    void unknownKidAfterTheMinimumIntervalTriggersOneMoreRead() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);
        verifier.verifyAccess(rs256(ATTACKER, "rsa-8"));

        clock.advance(MIN_REFETCH);

        assertThat(verifier.verifyAccess(rs256(ATTACKER, "rsa-9"))).isEqualTo(BAD_SIGNATURE);
        assertThat(keySetReads()).isEqualTo(2);
    }

    @Test
    void refusesATokenWithoutKidWithoutFetchingKeys() {
        publish(jwk("rsa-1", RSA_1.getPublic()));

        assertThat(verifier(JwtAlgorithm.RS256).verifyAccess(rs256(RSA_1, null)))
                .isEqualTo(new TokenCheck.Rejected(TokenRejection.MALFORMED));
        assertThat(allRequests()).isZero();
    }

    // --- rotation ----------------------------------------------------------------------------

    @Test
    void newlyPublishedKidIsAcceptedAfterTheRefetchItTriggers() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);

        publish(jwk("rsa-1", RSA_1.getPublic()), jwk("rsa-2", RSA_2.getPublic()));

        assertThat(verifier.verifyAccess(rs256(RSA_2, "rsa-2"))).isInstanceOf(TokenCheck.Verified.class);
        assertThat(verifier.verifyAccess(rs256(RSA_1, "rsa-1"))).isInstanceOf(TokenCheck.Verified.class);
        assertThat(keySetReads()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsForANewKidShareOneReadAndAreAllAccepted() throws Exception {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);
        server.stubFor(get(PATH).willReturn(okJson(jwks(jwk("rsa-1", RSA_1.getPublic()), jwk("rsa-2",
                RSA_2.getPublic()))).withFixedDelay(400)));
        String token = rs256(RSA_2, "rsa-2");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TokenCheck>> checks = new ArrayList<>();

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                checks.add(threads.submit(() -> {
                    go.await();
                    return verifier.verifyAccess(token);
                }));
            }
            go.countDown();
            for (Future<TokenCheck> check : checks) {
                assertThat(check.get()).isInstanceOf(TokenCheck.Verified.class);
            }
        }
        assertThat(keySetReads()).isEqualTo(1);
    }

    /** Decision: the key set is authoritative. A kid it stops publishing is refused from the next read on. */
    @Test
    void kidRemovedFromTheKeySetIsRefusedAfterTheNextRefreshEvenIfItsTokenWasCached() {
        publish(jwk("rsa-1", RSA_1.getPublic()), jwk("rsa-2", RSA_2.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256, TokenCacheSettings.DEFAULT, Duration.ofHours(1),
                Duration.ofSeconds(2));
        String old = rs256(RSA_1, "rsa-1");
        assertThat(verifier.verifyAccess(old)).isInstanceOf(TokenCheck.Verified.class);

        publish(jwk("rsa-2", RSA_2.getPublic()));
        keys.refresh();

        assertThat(verifier.verifyAccess(old)).isEqualTo(BAD_SIGNATURE);
        assertThat(verifier.verifyAccess(rs256(RSA_2, "rsa-2"))).isInstanceOf(TokenCheck.Verified.class);
    }

    @Test
    void backgroundRefreshReadsTheKeySetEveryInterval() throws InterruptedException {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        verifier(JwtAlgorithm.RS256, TokenCacheSettings.DISABLED, Duration.ofMillis(100), Duration.ofSeconds(2));

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (keySetReads() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertThat(keySetReads()).isGreaterThanOrEqualTo(3);
    }

    // --- outage ------------------------------------------------------------------------------

    @Test
    void cachedKeysKeepWorkingWhileTheKeySetAnswers500() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);
        server.stubFor(get(PATH).willReturn(serverError()));

        keys.refresh();

        assertThat(verifier.verifyAccess(rs256(RSA_1, "rsa-1"))).isInstanceOf(TokenCheck.Verified.class);
        assertThat(listener.fetchFailures()).isEqualTo(1);
    }

    @Test
    void unknownKidDuringAnOutageIsRefusedAsKeySourceUnavailableAndCountedApart() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);
        server.stubFor(get(PATH).willReturn(serverError()));

        assertThat(verifier.verifyAccess(rs256(RSA_2, "rsa-2"))).isEqualTo(KEY_SOURCE_UNAVAILABLE);
        assertThat(keySetReads()).isEqualTo(1);
        assertThat(listener.rejected(TokenRejection.KEY_SOURCE_UNAVAILABLE)).isEqualTo(1);
        assertThat(listener.rejected(TokenRejection.BAD_SIGNATURE)).isZero();
    }

    @Test
    void cachedKeysKeepWorkingWhenTheKeySetRefusesConnections() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);
        server.stop();

        keys.refresh();

        assertThat(verifier.verifyAccess(rs256(RSA_1, "rsa-1"))).isInstanceOf(TokenCheck.Verified.class);
        assertThat(verifier.verifyAccess(rs256(RSA_2, "rsa-2"))).isEqualTo(KEY_SOURCE_UNAVAILABLE);
        assertThat(listener.fetchFailures()).isEqualTo(2);
    }

    @Test
    void keySetSlowerThanTheFetchTimeoutCountsAsUnavailable() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256, TokenCacheSettings.DISABLED, Duration.ofHours(1),
                Duration.ofMillis(300));
        server.stubFor(get(PATH).willReturn(okJson(jwks(jwk("rsa-2", RSA_2.getPublic()))).withFixedDelay(2_000)));

        long start = System.nanoTime();
        TokenCheck check = verifier.verifyAccess(rs256(RSA_2, "rsa-2"));

        assertThat(check).isEqualTo(KEY_SOURCE_UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
    }

    @Test
    void startsWithoutKeysDuringAnOutageThenAcceptsOnceTheKeySetAnswers() {
        server.stubFor(get(PATH).willReturn(serverError()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);
        String token = rs256(RSA_1, "rsa-1");
        assertThat(verifier.verifyAccess(token)).isEqualTo(KEY_SOURCE_UNAVAILABLE);

        publish(jwk("rsa-1", RSA_1.getPublic()));
        assertThat(verifier.verifyAccess(token)).isEqualTo(KEY_SOURCE_UNAVAILABLE);
        clock.advance(MIN_REFETCH);

        assertThat(verifier.verifyAccess(token)).isInstanceOf(TokenCheck.Verified.class);
        assertThat(keySetReads()).isEqualTo(2);
    }

    // --- headers that would choose the key: refused without any request -------------------

    private void assertRefusedWithoutAnyRequest(String token) {
        publish(jwk("rsa-1", RSA_1.getPublic()));

        assertThat(verifier(JwtAlgorithm.RS256).verifyAccess(token))
                .isEqualTo(new TokenCheck.Rejected(HeaderPolicy.REFUSED_HEADER));
        assertThat(allRequests()).isZero();
    }

    @Test
    void refusesAJkuHeaderWithoutAnyRequest() {
        String attackerJwks = "http://127.0.0.1:" + server.port() + "/attacker/jwks.json";

        assertRefusedWithoutAnyRequest(rs256(ATTACKER, "attacker", "\"jku\":\"" + attackerJwks + "\""));
    }

    @Test
    void refusesAnX5uHeaderWithoutAnyRequest() {
        String attackerCert = "http://127.0.0.1:" + server.port() + "/attacker/cert.pem";

        assertRefusedWithoutAnyRequest(rs256(ATTACKER, "attacker", "\"x5u\":\"" + attackerCert + "\""));
    }

    @Test
    void refusesAnEmbeddedJwkWithoutAnyRequest() {
        assertRefusedWithoutAnyRequest(rs256(ATTACKER, "attacker", "\"jwk\":" + jwk("attacker", ATTACKER.getPublic())));
    }

    @Test
    void refusesAnX5cHeaderWithoutAnyRequest() {
        String chain = Base64.getEncoder().encodeToString(ATTACKER.getPublic().getEncoded());

        assertRefusedWithoutAnyRequest(rs256(ATTACKER, "attacker", "\"x5c\":[\"" + chain + "\"]"));
    }

    @Test
    void refusesACritHeaderWithoutAnyRequest() {
        assertRefusedWithoutAnyRequest(rs256(ATTACKER, "attacker", "\"crit\":[\"exp\"],\"exp\":1"));
    }

    // --- what the key set may contain --------------------------------------------------------

    @Test
    void trustsOnlyPublicSignatureKeysThatFitTheAlgorithm() {
        KeyPair weak = HandMadeTokens.rsaKeyPair(1024);
        publish(jwk("good", RSA_1.getPublic()),
                HandMadeTokens.privateJwk("private", RSA_2),
                HandMadeTokens.withMembers(jwk("encryption", RSA_2.getPublic()), "\"use\":\"enc\""),
                HandMadeTokens.withMembers(jwk("other-alg", RSA_2.getPublic()), "\"alg\":\"RS512\""),
                jwk("ec", EC_1.getPublic()),
                jwk("weak", weak.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);

        assertThat(verifier.verifyAccess(rs256(RSA_1, "good"))).isInstanceOf(TokenCheck.Verified.class);
        assertThat(verifier.verifyAccess(rs256(RSA_2, "private"))).isEqualTo(BAD_SIGNATURE);
        assertThat(verifier.verifyAccess(rs256(RSA_2, "encryption"))).isEqualTo(BAD_SIGNATURE);
        assertThat(verifier.verifyAccess(rs256(RSA_2, "other-alg"))).isEqualTo(BAD_SIGNATURE);
        assertThat(verifier.verifyAccess(rs256(weak, "weak"))).isEqualTo(BAD_SIGNATURE);
        assertThat(verifier.verifyAccess(HandMadeTokens.rs256(RSA_1.getPrivate(), header("RS256", "ec"), accessClaims())))
                .isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void trustsNoKeyOfAKidPublishedTwice() {
        publish(jwk("twice", RSA_1.getPublic()), jwk("twice", RSA_2.getPublic()), jwk("once", RSA_3.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);

        assertThat(verifier.verifyAccess(rs256(RSA_1, "twice"))).isEqualTo(BAD_SIGNATURE);
        assertThat(verifier.verifyAccess(rs256(RSA_3, "once"))).isInstanceOf(TokenCheck.Verified.class);
    }

    @Test
    void doesNotFollowARedirectFromTheKeySetUrl() {
        server.stubFor(get(PATH).willReturn(aResponse().withStatus(302).withHeader("Location", "/elsewhere")));
        server.stubFor(get("/elsewhere").willReturn(okJson(jwks(jwk("rsa-1", RSA_1.getPublic())))));

        assertThat(verifier(JwtAlgorithm.RS256).verifyAccess(rs256(RSA_1, "rsa-1"))).isEqualTo(KEY_SOURCE_UNAVAILABLE);
        assertThat(server.findAll(getRequestedFor(urlEqualTo("/elsewhere")))).isEmpty();
    }

    @Test
    void refusesAKeySetLargerThanTheLimitAndKeepsTheKeysItHas() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);
        server.stubFor(get(PATH).willReturn(okJson("{\"keys\":[],\"padding\":\""
                + "x".repeat(JwksClient.MAX_DOCUMENT_BYTES) + "\"}")));

        keys.refresh();

        assertThat(listener.fetchFailures()).isEqualTo(1);
        assertThat(verifier.verifyAccess(rs256(RSA_1, "rsa-1"))).isInstanceOf(TokenCheck.Verified.class);
    }

    @Test
    void refusesADocumentThatIsNotAKeySetAndKeepsTheKeysItHas() {
        publish(jwk("rsa-1", RSA_1.getPublic()));
        JwtTokenVerifier verifier = verifier(JwtAlgorithm.RS256);
        server.stubFor(get(PATH).willReturn(okJson("<html>maintenance</html>")));

        keys.refresh();

        assertThat(listener.fetchFailures()).isEqualTo(1);
        assertThat(verifier.verifyAccess(rs256(RSA_1, "rsa-1"))).isInstanceOf(TokenCheck.Verified.class);
    }
}
