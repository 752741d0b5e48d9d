package com.ticketing.stub.auth;

import static com.ticketing.stub.grpc.GrpcTestSupport.as;
import static com.ticketing.stub.grpc.GrpcTestSupport.reason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.ticketing.proto.auth.AuthServiceGrpc;
import com.ticketing.proto.auth.AuthServiceGrpc.AuthServiceBlockingStub;
import com.ticketing.proto.auth.AuthTokens;
import com.ticketing.proto.auth.GetUserProfileRequest;
import com.ticketing.proto.auth.LoginRequest;
import com.ticketing.proto.auth.RefreshTokenRequest;
import com.ticketing.proto.auth.RegisterRequest;
import com.ticketing.proto.auth.RevokeSessionRequest;
import com.ticketing.proto.auth.UpdateUserProfileRequest;
import com.ticketing.proto.auth.UserProfile;
import com.ticketing.proto.auth.ValidateTokenRequest;
import com.ticketing.proto.auth.ValidateTokenResponse;
import com.ticketing.stub.grpc.GrpcTestSupport.InProcess;
import com.ticketing.stub.support.MutableClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthGrpcServiceTest {

    private final MutableClock clock = MutableClock.at("2029-06-01T10:00:00Z");
    private final InProcess grpc = InProcess.serve(new AuthGrpcService(
            new UserDirectory(), new SessionRegistry(clock), new PasswordHasher(), TokenCodecTest.SETTINGS, clock));
    private final AuthServiceBlockingStub auth = AuthServiceGrpc.newBlockingStub(grpc.channel());

    @AfterEach
    void close() throws InterruptedException {
        grpc.close();
    }

    @Test
    void registrationValidatesEveryFieldNamingIt() {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> auth.register(RegisterRequest.newBuilder()
                        .setEmail("not-an-email").setPassword("short").setFirstName(" ").setLastName("x".repeat(101))
                        .build()));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(failure.getStatus().getDescription()).isEqualTo("email: must be a valid email address; "
                + "password: must be between 8 and 128 characters; firstName: must not be blank; "
                + "lastName: must be at most 100 characters");
    }

    @Test
    void passwordLengthBoundariesAreEightAndOneHundredTwentyEight() {
        assertThat(register("eight@example.com", "x".repeat(8))).isNotBlank();
        assertThat(register("long@example.com", "x".repeat(128))).isNotBlank();
        assertThatThrownBy(() -> register("seven@example.com", "x".repeat(7)))
                .hasMessageContaining("password: must be between 8 and 128 characters");
        assertThatThrownBy(() -> register("longer@example.com", "x".repeat(129)))
                .hasMessageContaining("password: must be between 8 and 128 characters");
    }

    @Test
    void emailIsRegisteredOnceIgnoringCase() {
        register("Ada@Example.com", "secret-password");

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> register("ada@example.COM", "other-password"));

        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(failure.getStatus().getDescription()).isEqualTo("email already registered");
    }

    @Test
    void loginAnswersTheSameForUnknownEmailAndWrongPassword() {
        register("ada@example.com", "secret-password");

        StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class,
                () -> login("nobody@example.com", "secret-password"));
        StatusRuntimeException wrong = catchThrowableOfType(StatusRuntimeException.class,
                () -> login("ada@example.com", "wrong-password"));

        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(wrong.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(unknown.getStatus().getDescription()).isEqualTo(wrong.getStatus().getDescription())
                .isEqualTo("invalid email or password");
    }

    @Test
    void loginIssuesBearerTokensForTheUser() {
        String userId = register("ada@example.com", "secret-password");

        AuthTokens tokens = login("ADA@example.com", "secret-password");

        assertThat(tokens.getTokenType()).isEqualTo("Bearer");
        assertThat(tokens.getExpiresIn()).isEqualTo(900);
        assertThat(tokens.getUserId()).isEqualTo(userId);
        ValidateTokenResponse validation = auth.validateToken(
                ValidateTokenRequest.newBuilder().setToken(tokens.getAccessToken()).build());
        assertThat(validation.getValid()).isTrue();
        assertThat(validation.getUserId()).isEqualTo(userId);
        assertThat(validation.getSessionId()).startsWith("ses-");
        assertThat(auth.validateToken(ValidateTokenRequest.newBuilder().setToken(tokens.getRefreshToken()).build())
                .getValid()).isFalse();
    }

    @Test
    void refreshRotatesAndTheOldRefreshTokenStopsWorking() {
        register("ada@example.com", "secret-password");
        AuthTokens first = login("ada@example.com", "secret-password");

        AuthTokens second = refresh(first.getRefreshToken());
        StatusRuntimeException reuse = catchThrowableOfType(StatusRuntimeException.class,
                () -> refresh(first.getRefreshToken()));

        assertThat(second.getRefreshToken()).isNotEqualTo(first.getRefreshToken());
        assertThat(reuse.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(reason(reuse)).contains("TOKEN_REUSED");
        assertThatThrownBy(() -> refresh(second.getRefreshToken())).isInstanceOf(StatusRuntimeException.class)
                .hasMessageContaining("session has been revoked");
        assertThat(auth.validateToken(ValidateTokenRequest.newBuilder().setToken(second.getAccessToken()).build())
                .getValid()).isFalse();
    }

    @Test
    void exactlyOneOfTwentyConcurrentRefreshesWithOneTokenSucceeds() throws Exception {
        register("ada@example.com", "secret-password");
        String refreshToken = login("ada@example.com", "secret-password").getRefreshToken();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    try {
                        refresh(refreshToken);
                        return true;
                    } catch (StatusRuntimeException e) {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        return false;
                    }
                }));
            }
            start.countDown();
            int succeeded = 0;
            for (Future<Boolean> call : calls) {
                succeeded += call.get() ? 1 : 0;
            }
            assertThat(succeeded).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expiredRefreshTokenIsUnauthenticated() {
        register("ada@example.com", "secret-password");
        AuthTokens tokens = login("ada@example.com", "secret-password");
        clock.advance(Duration.ofDays(7));

        assertThatThrownBy(() -> refresh(tokens.getRefreshToken()))
                .hasMessageContaining("UNAUTHENTICATED: invalid or expired refresh token");
    }

    @Test
    void revokedSessionInvalidatesItsAccessTokens() {
        String userId = register("ada@example.com", "secret-password");
        AuthTokens tokens = login("ada@example.com", "secret-password");
        String sessionId = auth.validateToken(ValidateTokenRequest.newBuilder()
                .setToken(tokens.getAccessToken()).build()).getSessionId();

        assertThat(as(auth, "usr-other").revokeSession(RevokeSessionRequest.newBuilder()
                .setSessionId(sessionId).build()).getRevoked()).isFalse();
        assertThat(as(auth, userId).revokeSession(RevokeSessionRequest.newBuilder()
                .setSessionId(sessionId).build()).getRevoked()).isTrue();
        assertThat(as(auth, userId).revokeSession(RevokeSessionRequest.newBuilder()
                .setSessionId(sessionId).build()).getRevoked()).isTrue();
        assertThat(auth.validateToken(ValidateTokenRequest.newBuilder().setToken(tokens.getAccessToken()).build())
                .getValid()).isFalse();
    }

    @Test
    void profileBelongsToTheCallerAndNeedsOne() {
        String userId = register("ada@example.com", "secret-password");

        UserProfile profile = as(auth, userId).getUserProfile(GetUserProfileRequest.getDefaultInstance());

        assertThat(profile.getEmail()).isEqualTo("ada@example.com");
        assertThat(profile.getFirstName()).isEqualTo("Ada");
        assertThat(profile.getCreatedAt()).isEqualTo("2029-06-01T10:00:00Z");
        assertThatThrownBy(() -> auth.getUserProfile(GetUserProfileRequest.getDefaultInstance()))
                .hasMessageStartingWith("UNAUTHENTICATED");
    }

    @Test
    void profileUpdateValidatesNamesAndKeepsTheRest() {
        String userId = register("ada@example.com", "secret-password");

        UserProfile updated = as(auth, userId).updateUserProfile(UpdateUserProfileRequest.newBuilder()
                .setFirstName("Augusta").setLastName("King").build());

        assertThat(updated.getFirstName()).isEqualTo("Augusta");
        assertThat(updated.getLastName()).isEqualTo("King");
        assertThat(updated.getEmail()).isEqualTo("ada@example.com");
        assertThatThrownBy(() -> as(auth, userId).updateUserProfile(UpdateUserProfileRequest.newBuilder()
                .setFirstName("").setLastName("King").build()))
                .hasMessage("INVALID_ARGUMENT: firstName: must not be blank");
    }

    private String register(String email, String password) {
        return auth.register(RegisterRequest.newBuilder()
                .setEmail(email).setPassword(password).setFirstName("Ada").setLastName("Lovelace")
                .build()).getUserId();
    }

    private AuthTokens login(String email, String password) {
        return auth.login(LoginRequest.newBuilder().setEmail(email).setPassword(password).build());
    }

    private AuthTokens refresh(String refreshToken) {
        return auth.refreshToken(RefreshTokenRequest.newBuilder().setRefreshToken(refreshToken).build());
    }
}
