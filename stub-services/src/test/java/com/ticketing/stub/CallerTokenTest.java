package com.ticketing.stub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.ticketing.proto.CallHeaders;
import com.ticketing.proto.booking.BookingServiceGrpc.BookingServiceBlockingStub;
import com.ticketing.proto.booking.ListBookingsRequest;
import com.ticketing.proto.ticket.GetEventsRequest;
import com.ticketing.stub.auth.JwtSettings;
import com.ticketing.stub.auth.TokenCodec;
import com.ticketing.stub.auth.TokenType;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link StubConfig#requireCallerToken()}: services check the bearer token instead of trusting x-user-id. */
class CallerTokenTest {

    private static final String OTHER_SECRET = "some-other-access-secret-0123456789abcdef-xyz";

    private InProcessStubs stubs;

    @AfterEach
    void stop() throws InterruptedException {
        stubs.close();
    }

    @Test
    void aCallWithTheCallersOwnAccessTokenIsServed() {
        stubs = new InProcessStubs(config -> config.withRequireCallerToken(true));

        assertThat(bookings("u-1", "s-1", "Bearer " + token(TokenType.ACCESS, "u-1", "s-1", codec()))
                .listBookings(ListBookingsRequest.getDefaultInstance()).getBookingsList()).isEmpty();
    }

    @Test
    void aCallNamingACallerWithoutAValidTokenOfThatCallerIsUnauthenticated() {
        stubs = new InProcessStubs(config -> config.withRequireCallerToken(true));
        TokenCodec forged = new TokenCodec(jwt(OTHER_SECRET), stubs.clock);

        assertRefused(bookings("u-1", "s-1", null), "a bearer token is required");
        assertRefused(bookings("u-1", "s-1", token(TokenType.ACCESS, "u-1", "s-1", codec())),
                "a bearer token is required");
        assertRefused(bookings("u-1", "s-1", "Bearer not-a-jwt"), "the bearer token is not valid");
        assertRefused(bookings("u-1", "s-1", "Bearer " + token(TokenType.ACCESS, "u-1", "s-1", forged)),
                "the bearer token is not valid");
        assertRefused(bookings("u-1", "s-1", "Bearer " + token(TokenType.REFRESH, "u-1", "s-1", codec())),
                "the bearer token is not valid");
        assertRefused(bookings("u-2", "s-1", "Bearer " + token(TokenType.ACCESS, "u-1", "s-1", codec())),
                "the bearer token does not belong to the caller");
        assertRefused(bookings("u-1", "s-2", "Bearer " + token(TokenType.ACCESS, "u-1", "s-1", codec())),
                "the bearer token does not belong to the caller");
    }

    @Test
    void anExpiredAccessTokenIsUnauthenticated() {
        stubs = new InProcessStubs(config -> config.withRequireCallerToken(true));
        String token = token(TokenType.ACCESS, "u-1", "s-1", codec());

        stubs.clock.advance(StubConfig.DEFAULT_ACCESS_TOKEN_TTL);

        assertRefused(bookings("u-1", "s-1", "Bearer " + token), "the bearer token is not valid");
    }

    @Test
    void anonymousCallsReachTheServiceWhichRefusesOnlyUserBoundOperations() {
        stubs = new InProcessStubs(config -> config.withRequireCallerToken(true));

        assertThat(stubs.anonymousTickets().getEvents(GetEventsRequest.getDefaultInstance()).getEventsCount())
                .isPositive();
        assertRefused(stubs.anonymousBookings(), "authentication required");
    }

    @Test
    void withoutTheCheckTheCallersMetadataIsTrustedAsSent() {
        stubs = new InProcessStubs(config -> config);

        assertThat(bookings("u-1", "s-1", null).listBookings(ListBookingsRequest.getDefaultInstance())
                .getBookingsList()).isEmpty();
    }

    private TokenCodec codec() {
        return new TokenCodec(jwt(StubConfig.DEFAULT_JWT_SECRET), stubs.clock);
    }

    private static JwtSettings jwt(String accessSecret) {
        return new JwtSettings(accessSecret, StubConfig.DEFAULT_JWT_REFRESH_SECRET, StubConfig.DEFAULT_JWT_ISSUER,
                StubConfig.DEFAULT_JWT_AUDIENCE, StubConfig.DEFAULT_ACCESS_TOKEN_TTL,
                StubConfig.DEFAULT_REFRESH_TOKEN_TTL);
    }

    private String token(TokenType type, String userId, String sessionId, TokenCodec codec) {
        return codec.issue(type, userId, sessionId, "jti-" + type, stubs.clock.instant());
    }

    private BookingServiceBlockingStub bookings(String userId, String sessionId, String authorization) {
        Metadata headers = new Metadata();
        headers.put(CallHeaders.USER_ID, userId);
        headers.put(CallHeaders.SESSION_ID, sessionId);
        headers.put(CallHeaders.REQUEST_ID, "req-1");
        if (authorization != null) {
            headers.put(CallHeaders.AUTHORIZATION, authorization);
        }
        return stubs.anonymousBookings().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static void assertRefused(BookingServiceBlockingStub bookings, String message) {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                () -> bookings.listBookings(ListBookingsRequest.getDefaultInstance()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(refused.getStatus().getDescription()).isEqualTo(message);
    }
}
