package com.ticketing.stub.auth;

import com.ticketing.proto.CallHeaders;
import com.ticketing.proto.auth.AuthServiceGrpc;
import com.ticketing.proto.auth.AuthTokens;
import com.ticketing.proto.auth.GetUserProfileRequest;
import com.ticketing.proto.auth.LoginRequest;
import com.ticketing.proto.auth.RefreshTokenRequest;
import com.ticketing.proto.auth.RegisterRequest;
import com.ticketing.proto.auth.RegisterResponse;
import com.ticketing.proto.auth.RevokeSessionRequest;
import com.ticketing.proto.auth.RevokeSessionResponse;
import com.ticketing.proto.auth.UpdateUserProfileRequest;
import com.ticketing.proto.auth.UserProfile;
import com.ticketing.proto.auth.ValidateTokenRequest;
import com.ticketing.proto.auth.ValidateTokenResponse;
import com.ticketing.stub.grpc.Caller;
import com.ticketing.stub.grpc.Failures;
import com.ticketing.stub.grpc.Unary;
import com.ticketing.stub.grpc.Violations;
import com.ticketing.stub.support.Ids;
import com.ticketing.stub.support.Timestamps;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/** The auth service: users, logins, rotating refresh tokens and sessions. */
public final class AuthGrpcService extends AuthServiceGrpc.AuthServiceImplBase {

    static final String DOMAIN = "auth.ticketing";
    static final String BAD_CREDENTIALS = "invalid email or password";
    private static final Logger LOG = Logger.getLogger(AuthGrpcService.class.getName());

    private final UserDirectory users;
    private final SessionRegistry sessions;
    private final TokenCodec tokens;
    private final PasswordHasher hasher;
    private final JwtSettings settings;
    private final Clock clock;
    /** Checked for unknown emails so that they take as long as wrong passwords. */
    private final String decoyHash;

    public AuthGrpcService(UserDirectory users, SessionRegistry sessions, PasswordHasher hasher,
                           JwtSettings settings, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.tokens = new TokenCodec(settings, clock);
        this.hasher = hasher;
        this.settings = settings;
        this.clock = clock;
        this.decoyHash = hasher.hash(Ids.next("decoy"));
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> responses) {
        Unary.answer(responses, () -> {
            String email = request.getEmail().strip();
            new Violations().addAll(ProfileRules.registration(
                    email, request.getPassword(), request.getFirstName(), request.getLastName())).throwIfAny();
            User user = new User(Ids.next("usr"), email, request.getFirstName().strip(),
                    request.getLastName().strip(), hasher.hash(request.getPassword()), clock.instant());
            users.add(user).orElseThrow(() -> Failures.alreadyExists("email already registered"));
            LOG.fine(() -> "registered user " + user.userId());
            return RegisterResponse.newBuilder()
                    .setUserId(user.userId())
                    .setMessage("registration successful")
                    .build();
        });
    }

    @Override
    public void login(LoginRequest request, StreamObserver<AuthTokens> responses) {
        Unary.answer(responses, () -> {
            new Violations()
                    .notBlank("email", request.getEmail())
                    .notBlank("password", request.getPassword())
                    .throwIfAny();
            User user = authenticate(request.getEmail(), request.getPassword());
            Instant now = clock.instant();
            Session session = sessions.open(
                    user.userId(), Ids.next("rt"), tokens.expiryOf(TokenType.REFRESH, now));
            return tokensFor(session, now);
        });
    }

    @Override
    public void refreshToken(RefreshTokenRequest request, StreamObserver<AuthTokens> responses) {
        Unary.answer(responses, () -> {
            TokenClaims claims = tokens.verify(TokenType.REFRESH, request.getRefreshToken())
                    .orElseThrow(AuthGrpcService::invalidRefreshToken);
            Instant now = clock.instant();
            Rotation rotation = sessions.rotate(claims.sessionId(), claims.tokenId(), Ids.next("rt"),
                    tokens.expiryOf(TokenType.REFRESH, now));
            return switch (rotation) {
                case Rotation.Rotated rotated -> tokensFor(rotated.session(), now);
                case Rotation.Reused reused -> {
                    LOG.warning(() -> "refresh token reuse; revoked session " + claims.sessionId());
                    throw Failures.unauthenticated(CallHeaders.REASON_TOKEN_REUSED, DOMAIN,
                            "refresh token was already used; the session has been revoked");
                }
                case Rotation.Revoked revoked -> throw Failures.unauthenticated("session has been revoked");
                case Rotation.Unknown unknown -> throw invalidRefreshToken();
            };
        });
    }

    @Override
    public void validateToken(ValidateTokenRequest request, StreamObserver<ValidateTokenResponse> responses) {
        Unary.answer(responses, () -> tokens.verify(TokenType.ACCESS, request.getToken())
                .filter(claims -> sessions.isActive(claims.sessionId()))
                .map(claims -> ValidateTokenResponse.newBuilder()
                        .setValid(true)
                        .setUserId(claims.userId())
                        .setSessionId(claims.sessionId())
                        .build())
                .orElseGet(() -> ValidateTokenResponse.newBuilder().setValid(false).build()));
    }

    @Override
    public void getUserProfile(GetUserProfileRequest request, StreamObserver<UserProfile> responses) {
        Unary.answer(responses, () -> {
            String userId = Caller.current().requireUserId();
            return users.find(userId).map(AuthGrpcService::profile).orElseThrow(AuthGrpcService::userNotFound);
        });
    }

    @Override
    public void updateUserProfile(UpdateUserProfileRequest request, StreamObserver<UserProfile> responses) {
        Unary.answer(responses, () -> {
            String userId = Caller.current().requireUserId();
            new Violations().addAll(ProfileRules.names(request.getFirstName(), request.getLastName())).throwIfAny();
            return users.update(userId, user -> user.withNames(
                            request.getFirstName().strip(), request.getLastName().strip()))
                    .map(AuthGrpcService::profile)
                    .orElseThrow(AuthGrpcService::userNotFound);
        });
    }

    /**
     * Revokes {@code session_id} (or, when empty, the caller's {@code x-session-id}). Idempotent;
     * {@code revoked} is false for an unknown session or, when the caller is known, another user's.
     */
    @Override
    public void revokeSession(RevokeSessionRequest request, StreamObserver<RevokeSessionResponse> responses) {
        Unary.answer(responses, () -> {
            Caller caller = Caller.current();
            String sessionId = request.getSessionId().isBlank()
                    ? caller.sessionId().orElseThrow(() -> Failures.invalidArgument("sessionId", "must not be blank"))
                    : request.getSessionId();
            boolean owned = sessions.find(sessionId)
                    .filter(session -> caller.userId().map(session.userId()::equals).orElse(true))
                    .isPresent();
            boolean revoked = owned && sessions.revoke(sessionId);
            return RevokeSessionResponse.newBuilder().setRevoked(revoked).build();
        });
    }

    private AuthTokens tokensFor(Session session, Instant now) {
        String access = tokens.issue(TokenType.ACCESS, session.userId(), session.sessionId(), Ids.next("at"), now);
        String refresh = tokens.issue(
                TokenType.REFRESH, session.userId(), session.sessionId(), session.refreshTokenId(), now);
        return AuthTokens.newBuilder()
                .setAccessToken(access)
                .setRefreshToken(refresh)
                .setTokenType("Bearer")
                .setExpiresIn(Math.toIntExact(settings.accessTtl().toSeconds()))
                .setUserId(session.userId())
                .build();
    }

    private static UserProfile profile(User user) {
        return UserProfile.newBuilder()
                .setUserId(user.userId())
                .setEmail(user.email())
                .setFirstName(user.firstName())
                .setLastName(user.lastName())
                .setCreatedAt(Timestamps.format(user.createdAt()))
                .build();
    }

    /** The user with these credentials; one and the same failure for an unknown email and a wrong password. */
    private User authenticate(String email, String password) {
        Optional<User> user = users.findByEmail(email);
        if (user.isEmpty()) {
            hasher.matches(password, decoyHash);
            throw Failures.unauthenticated(BAD_CREDENTIALS);
        }
        if (!hasher.matches(password, user.get().passwordHash())) {
            throw Failures.unauthenticated(BAD_CREDENTIALS);
        }
        return user.get();
    }

    private static StatusRuntimeException invalidRefreshToken() {
        return Failures.unauthenticated("invalid or expired refresh token");
    }

    private static StatusRuntimeException userNotFound() {
        return Failures.notFound("user not found");
    }
}
