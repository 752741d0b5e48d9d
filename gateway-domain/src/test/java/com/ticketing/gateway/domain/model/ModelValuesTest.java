package com.ticketing.gateway.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ids, identity, sessions, claims and call context validate what they are made of. */
class ModelValuesTest {

    private static final UserId USER = new UserId("u-1");
    private static final SessionId SESSION = new SessionId("s-1");
    private static final Instant EXPIRY = Instant.parse("2026-11-27T12:00:00Z");

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void refusesBlankIds(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> new SessionId(value))
                .withMessage("session id must not be blank");
        assertThatIllegalArgumentException().isThrownBy(() -> new UserId(value))
                .withMessage("user id must not be blank");
    }

    @Test
    void idsPrintAsTheirValue() {
        assertThat(new SessionId("s-9")).hasToString("s-9");
        assertThat(new UserId("u-9")).hasToString("u-9");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void claimsNeedATokenId(String tokenId) {
        assertThatIllegalArgumentException().isThrownBy(() -> new TokenClaims(USER, SESSION, tokenId, EXPIRY))
                .withMessage("token id (jti) must not be blank");
    }

    @Test
    void claimsNeedUserSessionAndExpiry() {
        assertThatNullPointerException().isThrownBy(() -> new TokenClaims(null, SESSION, "j", EXPIRY));
        assertThatNullPointerException().isThrownBy(() -> new TokenClaims(USER, null, "j", EXPIRY));
        assertThatNullPointerException().isThrownBy(() -> new TokenClaims(USER, SESSION, "j", null));
        assertThat(new TokenClaims(USER, SESSION, "j", EXPIRY).tokenId()).isEqualTo("j");
    }

    @Test
    void identityNeverPrintsItsAccessToken() {
        Identity identity = new Identity(USER, SESSION, "eyJ.secret.token");

        assertThat(identity).hasToString("Identity[userId=u-1, sessionId=s-1]");
        assertThat(identity.accessToken()).isEqualTo("eyJ.secret.token");
    }

    @Test
    void identityNeedsEveryPart() {
        assertThatNullPointerException().isThrownBy(() -> new Identity(null, SESSION, "t"));
        assertThatNullPointerException().isThrownBy(() -> new Identity(USER, null, "t"));
        assertThatNullPointerException().isThrownBy(() -> new Identity(USER, SESSION, null));
    }

    @Test
    void sessionNeedsEveryPart() {
        assertThatNullPointerException().isThrownBy(() -> new Session(null, USER, "j", EXPIRY));
        assertThatNullPointerException().isThrownBy(() -> new Session(SESSION, null, "j", EXPIRY));
        assertThatNullPointerException().isThrownBy(() -> new Session(SESSION, USER, null, EXPIRY));
        assertThatNullPointerException().isThrownBy(() -> new Session(SESSION, USER, "j", null));
    }

    @Test
    void cachedResponseNeedsBodyAndEntityTag() {
        assertThatNullPointerException().isThrownBy(() -> new CachedResponse(null, "\"e\""));
        assertThatNullPointerException().isThrownBy(() -> new CachedResponse(new byte[0], null));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void callContextRefusesADeadlineThatIsNotPositive(long millis) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CallContext.anonymous(new RequestId("r"), Duration.ofMillis(millis)))
                .withMessage("deadline must be positive");
    }

    @Test
    void callContextRefusesAMissingDeadline() {
        assertThatIllegalArgumentException().isThrownBy(() -> CallContext.anonymous(new RequestId("r"), null));
    }

    @Test
    void anonymousContextHasNoIdentityNorKey() {
        CallContext context = CallContext.anonymous(new RequestId("r"), Duration.ofNanos(1));

        assertThat(context.requestId()).isEqualTo(new RequestId("r"));
        assertThat(context.identity()).isEmpty();
        assertThat(context.idempotencyKey()).isEmpty();
        assertThat(context.deadline()).isEqualTo(Duration.ofNanos(1));
    }

    @Test
    void withDeadlineKeepsEverythingElse() {
        Identity identity = new Identity(USER, SESSION, "t");
        CallContext context = new CallContext(new RequestId("r"), Optional.of(identity), Optional.of("k"),
                Duration.ofSeconds(5));

        CallContext shorter = context.withDeadline(Duration.ofSeconds(1));

        assertThat(shorter).isEqualTo(new CallContext(new RequestId("r"), Optional.of(identity), Optional.of("k"),
                Duration.ofSeconds(1)));
    }

    @Test
    void callContextNeedsItsOptionalParts() {
        assertThatNullPointerException().isThrownBy(
                () -> new CallContext(null, Optional.empty(), Optional.empty(), Duration.ofSeconds(1)));
        assertThatNullPointerException().isThrownBy(
                () -> new CallContext(new RequestId("r"), null, Optional.empty(), Duration.ofSeconds(1)));
        assertThatNullPointerException().isThrownBy(
                () -> new CallContext(new RequestId("r"), Optional.empty(), null, Duration.ofSeconds(1)));
    }
}
