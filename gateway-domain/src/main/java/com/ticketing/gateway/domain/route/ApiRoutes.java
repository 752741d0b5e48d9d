package com.ticketing.gateway.domain.route;

import static com.ticketing.gateway.domain.route.HttpMethod.DELETE;
import static com.ticketing.gateway.domain.route.HttpMethod.GET;
import static com.ticketing.gateway.domain.route.HttpMethod.POST;
import static com.ticketing.gateway.domain.route.HttpMethod.PUT;
import static com.ticketing.gateway.domain.route.RouteDefinition.route;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The public REST contract v1 as data: every route of {@code shared/api/REST.md}. */
public final class ApiRoutes {

    /** How long clients and the gateway may cache the event list and event details. */
    public static final Duration EVENT_CACHE_TTL = Duration.ofSeconds(10);

    private ApiRoutes() {
    }

    /** How long a booking status stream may stay open when none is configured. */
    public static final Duration DEFAULT_STREAM_DEADLINE = Duration.ofMinutes(10);

    /** The table with the default stream deadline. */
    public static RouteTable v1(Duration defaultDeadline, Duration paymentDeadline) {
        return v1(defaultDeadline, paymentDeadline, DEFAULT_STREAM_DEADLINE);
    }

    /**
     * @param defaultDeadline the deadline of every call that names none
     * @param paymentDeadline the deadline of payment calls
     * @param streamDeadline  how long a status stream may stay open
     */
    public static RouteTable v1(Duration defaultDeadline, Duration paymentDeadline, Duration streamDeadline) {
        return v1(defaultDeadline, paymentDeadline, streamDeadline, EVENT_CACHE_TTL);
    }

    /** @param eventCacheTtl how long the event list and event details stay fresh in caches */
    public static RouteTable v1(Duration defaultDeadline, Duration paymentDeadline, Duration streamDeadline,
                                Duration eventCacheTtl) {
        Objects.requireNonNull(defaultDeadline, "defaultDeadline");
        Objects.requireNonNull(paymentDeadline, "paymentDeadline");
        Map<Upstream, Duration> deadlines = new EnumMap<>(Upstream.class);
        for (Upstream service : Upstream.values()) {
            deadlines.put(service, service == Upstream.PAYMENT ? paymentDeadline : defaultDeadline);
        }
        return v1(deadlines, streamDeadline, eventCacheTtl);
    }

    /**
     * @param serviceDeadlines the deadline of each service's calls (every service present); a
     *                         route with a deadline of its own (the status stream) keeps it
     * @param streamDeadline   how long a status stream may stay open
     * @param eventCacheTtl    how long the event list and event details stay fresh in caches
     */
    public static RouteTable v1(Map<Upstream, Duration> serviceDeadlines, Duration streamDeadline,
                                Duration eventCacheTtl) {
        Objects.requireNonNull(eventCacheTtl, "eventCacheTtl");
        Objects.requireNonNull(streamDeadline, "streamDeadline");
        for (Upstream service : Upstream.values()) {
            Objects.requireNonNull(serviceDeadlines.get(service), "deadline of " + service.healthName());
        }
        return RouteTable.of(List.of(
                route("auth.register", POST, "/api/v1/auth/register").to(Upstream.AUTH, "Register")
                        .jsonBody().status(201).limit("register"),
                route("auth.login", POST, "/api/v1/auth/login").to(Upstream.AUTH, "Login")
                        .kind(RouteKind.LOGIN).jsonBody().limit("login"),
                route("auth.refresh", POST, "/api/v1/auth/refresh").to(Upstream.AUTH, "RefreshToken")
                        .kind(RouteKind.REFRESH).jsonBody(),
                route("auth.logout", POST, "/api/v1/auth/logout").to(Upstream.AUTH, "RevokeSession")
                        .kind(RouteKind.LOGOUT).authenticated().status(204),
                route("user.profile.get", GET, "/api/v1/user/profile").to(Upstream.AUTH, "GetUserProfile")
                        .authenticated(),
                route("user.profile.update", PUT, "/api/v1/user/profile").to(Upstream.AUTH, "UpdateUserProfile")
                        .authenticated().jsonBody(),
                route("events.list", GET, "/api/v1/events").to(Upstream.TICKET, "GetEvents")
                        .queryField("category", "category").queryField("q", "q")
                        .queryField("page", "page", IntRange.atLeast(1))
                        .queryField("pageSize", "pageSize", IntRange.between(1, 100))
                        .cache(eventCacheTtl),
                route("events.get", GET, "/api/v1/events/{id}").to(Upstream.TICKET, "GetEventById")
                        .pathField("id", "eventId").cache(eventCacheTtl),
                route("events.availability", GET, "/api/v1/events/{id}/availability")
                        .to(Upstream.TICKET, "GetAvailableTickets").pathField("id", "eventId"),
                route("bookings.list", GET, "/api/v1/bookings").to(Upstream.BOOKING, "ListBookings")
                        .authenticated(),
                route("bookings.create", POST, "/api/v1/bookings").to(Upstream.BOOKING, "CreateBooking")
                        .authenticated().jsonBody().status(202)
                        .idempotencyKey(IdempotencyKeyUse.OPTIONAL).location("/api/v1/bookings/{bookingId}"),
                route("bookings.get", GET, "/api/v1/bookings/{id}").to(Upstream.BOOKING, "GetBooking")
                        .authenticated().pathField("id", "bookingId"),
                route("bookings.stream", GET, "/api/v1/bookings/{id}/stream")
                        .to(Upstream.BOOKING_WORKER, "WatchBookingStatus").kind(RouteKind.STREAM)
                        .authenticated().pathField("id", "bookingId").deadline(streamDeadline),
                route("bookings.streamTicket", POST, "/api/v1/bookings/{id}/stream-ticket")
                        .to(Upstream.BOOKING, "GetBooking").kind(RouteKind.STREAM_TICKET)
                        .authenticated().pathField("id", "bookingId").status(201),
                route("bookings.cancel", DELETE, "/api/v1/bookings/{id}").to(Upstream.BOOKING, "CancelBooking")
                        .authenticated().pathField("id", "bookingId"),
                route("payments.create", POST, "/api/v1/payments").to(Upstream.PAYMENT, "ProcessPayment")
                        .authenticated().limit("payment").jsonBody().status(201).replayStatus(200)
                        .idempotencyKey(IdempotencyKeyUse.REQUIRED),
                route("payments.get", GET, "/api/v1/payments/{id}").to(Upstream.PAYMENT, "GetPaymentStatus")
                        .authenticated().pathField("id", "paymentId"),
                route("tickets.list", GET, "/api/v1/tickets").to(Upstream.TICKET, "ListUserTickets")
                        .authenticated()
        ).stream().map(d -> d.deadline(serviceDeadlineUnlessSet(d, serviceDeadlines)).compile()).toList());
    }

    private static Duration serviceDeadlineUnlessSet(RouteDefinition d, Map<Upstream, Duration> serviceDeadlines) {
        return d.deadlineOrNull() == null ? serviceDeadlines.get(d.upstreamOrNull()) : d.deadlineOrNull();
    }
}
