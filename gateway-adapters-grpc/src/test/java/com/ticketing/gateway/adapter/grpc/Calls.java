package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Upstream calls for the resilience tests. */
final class Calls {

    static final UpstreamOperation GET_EVENT = new UpstreamOperation(Upstream.TICKET, "GetEventById");
    static final UpstreamOperation RESERVE_TICKETS = new UpstreamOperation(Upstream.TICKET, "ReserveTickets");
    static final UpstreamOperation GET_BOOKING = new UpstreamOperation(Upstream.BOOKING, "GetBooking");
    static final UpstreamOperation CREATE_BOOKING = new UpstreamOperation(Upstream.BOOKING, "CreateBooking");
    static final UpstreamOperation WATCH = new UpstreamOperation(Upstream.BOOKING_WORKER, "WatchBookingStatus");

    private Calls() {
    }

    static UpstreamCall call(UpstreamOperation operation, Duration deadline) {
        return new UpstreamCall(operation, new byte[0], Map.of(), Set.of(),
                CallContext.anonymous(new RequestId("req-1"), deadline));
    }

    static UpstreamCall call(UpstreamOperation operation) {
        return call(operation, Duration.ofSeconds(2));
    }

    /** A call whose deadline is the client's own budget, shorter than its route's. */
    static UpstreamCall withClientDeadline(UpstreamOperation operation) {
        return new UpstreamCall(operation, new byte[0], Map.of(), Set.of(),
                CallContext.anonymous(new RequestId("req-1"), Duration.ofMillis(50), true));
    }

    static UpstreamCall withKey(UpstreamOperation operation, String idempotencyKey, Duration deadline) {
        return new UpstreamCall(operation, new byte[0], Map.of(), Set.of(),
                new CallContext(new RequestId("req-1"), Optional.empty(), Optional.of(idempotencyKey), deadline));
    }

    static UpstreamCall getEvent(String eventId, Duration deadline) {
        return new UpstreamCall(GET_EVENT, new byte[0], Map.of("eventId", eventId), Set.of(),
                CallContext.anonymous(new RequestId("req-1"), deadline));
    }

    /** An admission that completes with {@code admitted} 20 ms from now, on another thread. */
    static CompletableFuture<Boolean> admittedLater(boolean admitted) {
        CompletableFuture<Boolean> admission = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS).execute(() -> admission.complete(admitted));
        return admission;
    }

    /** Waits (up to 5 s) until {@code thread} is parked waiting, e.g. for a call's admission. */
    static void awaitWaiting(Thread thread) throws InterruptedException {
        for (int i = 0; i < 500 && thread.getState() != Thread.State.WAITING; i++) {
            Thread.sleep(10);
        }
        assertThat(thread.getState()).isEqualTo(Thread.State.WAITING);
    }
}
