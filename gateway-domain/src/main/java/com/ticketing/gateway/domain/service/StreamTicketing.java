package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.StreamGrant;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.port.Passage;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import com.ticketing.gateway.domain.port.StreamTickets;
import com.ticketing.gateway.domain.port.Turnstile;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Stream tickets: what lets a browser's {@code EventSource}, which cannot send
 * {@code Authorization}, open a booking's status stream. A ticket is issued to an authenticated
 * caller for one of their bookings and opens that booking's stream only, for that user and
 * session, until it expires ({@link #DEFAULT_LIFETIME}) or the session ends; reusable meanwhile, so
 * that the browser's automatic reconnects work. It is no credential anywhere else. Thread-safe.
 */
public final class StreamTicketing {

    /** How long a ticket opens its stream. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    /** The query parameter that carries a ticket on the stream route. */
    public static final String PARAMETER = "ticket";

    private final StreamTickets tickets;
    private final Turnstile turnstile;
    private final Clock clock;
    private final Supplier<String> newTicket;
    private final Duration lifetime;

    /**
     * @param newTicket a source of unguessable tickets (at least 128 random bits, URL-safe characters)
     */
    public StreamTicketing(StreamTickets tickets, Turnstile turnstile, Clock clock, Supplier<String> newTicket,
                           Duration lifetime) {
        this.tickets = Objects.requireNonNull(tickets);
        this.turnstile = Objects.requireNonNull(turnstile);
        this.clock = Objects.requireNonNull(clock);
        this.newTicket = Objects.requireNonNull(newTicket);
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a ticket's lifetime must be positive");
        }
        this.lifetime = lifetime;
    }

    /**
     * Issues a ticket for the caller's booking (its ownership already checked):
     * {@code 201 {"ticket": "...", "expiresIn": seconds}}, never to be cached.
     */
    ApiResult issue(Identity caller, String bookingId) {
        String ticket = newTicket.get();
        if (ticket == null || !ticket.matches("[A-Za-z0-9_-]{22,}")) {
            throw new IllegalStateException("the ticket source made an unusable ticket");
        }
        try {
            tickets.save(ticket, new StreamGrant(caller.userId(), caller.sessionId(), bookingId,
                    caller.accessToken(), clock.instant().plus(lifetime)));
        } catch (StoreUnavailableException e) {
            return StoreFailures.report("stream tickets", e);
        }
        byte[] json = ("{\"ticket\":\"" + ticket + "\",\"expiresIn\":" + lifetime.toSeconds() + "}")
                .getBytes(StandardCharsets.US_ASCII);
        return ApiResult.Success.of(201, json);
    }

    /**
     * Authenticates a stream request by its ticket: the caller the ticket was issued to, when the
     * ticket is known, unexpired, for {@code bookingId}, and its session is still active; the
     * caller's limits ({@code limitsOf}) are charged in the same step, as for a bearer token.
     */
    Authentication.Outcome redeem(String ticket, String bookingId, Function<Identity, List<LimitKey>> limitsOf) {
        Optional<StreamGrant> grant;
        try {
            grant = tickets.find(ticket).filter(g -> g.validAt(clock.instant()) && g.bookingId().equals(bookingId));
        } catch (StoreUnavailableException e) {
            return new Authentication.Outcome.Refused(StoreFailures.report("stream tickets", e));
        }
        if (grant.isEmpty()) {
            return refused();
        }
        Identity caller = grant.get().identity();
        Passage passage;
        try {
            passage = turnstile.pass(caller.sessionId(), caller.userId(), limitsOf.apply(caller));
        } catch (StoreUnavailableException e) {
            return new Authentication.Outcome.Refused(StoreFailures.report("sessions", e));
        }
        return switch (passage) {
            case Passage.Open open -> new Authentication.Outcome.Authenticated(caller, open.decision());
            case Passage.Closed closed -> refused();
        };
    }

    private static Authentication.Outcome refused() {
        return new Authentication.Outcome.Refused(new ApiResult.Unauthenticated(AuthProblem.INVALID_STREAM_TICKET));
    }
}
