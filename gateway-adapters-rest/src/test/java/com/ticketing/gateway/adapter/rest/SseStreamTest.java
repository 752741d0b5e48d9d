package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import com.ticketing.gateway.domain.service.ApiResult;
import com.ticketing.gateway.domain.service.Served;
import com.ticketing.gateway.domain.service.StreamAdmission;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

class SseStreamTest {

    private static final byte[] BOOKING = "{\"status\":\"QUEUED\"}".getBytes(StandardCharsets.UTF_8);
    private static final Served CANCELLED = new Served(
            new ApiResult.ServiceFailure(UpstreamOutcome.Failed.of(FailureKind.CANCELLED)), Optional.empty());

    private final OpenStreams streams = new OpenStreams(2);
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    /** What the front controller does with a stream: relay the watch, then finish it. */
    private ApiResult serve(SseStream stream, Function<Consumer<byte[]>, Served> watch) {
        ApiResult result;
        try {
            result = stream.relay(watch).result();
        } catch (RejectedRequest e) {
            throw new AssertionError("refused: " + e.problem(), e);
        }
        if (stream.started()) {
            stream.finish(result, "{\"code\":\"INTERNAL\"}".getBytes(StandardCharsets.UTF_8));
        }
        return result;
    }

    @Test
    void aUsersStreamBeyondItsShareIsRefused429AndItsSlotComesBackWhenOneEnds() throws Exception {
        OpenStreams shared = new OpenStreams(10, 1);
        StreamAdmission alice = new StreamAdmission(Optional.empty(), Optional::empty,
                Optional.of(new com.ticketing.gateway.domain.model.UserId("alice")));
        StreamAdmission bob = new StreamAdmission(Optional.empty(), Optional::empty,
                Optional.of(new com.ticketing.gateway.domain.model.UserId("bob")));
        List<Optional<ApiResult>> gates = new ArrayList<>();
        SseStream first = new SseStream(new MockHttpServletResponse(), shared, new RequestId("req-1"));

        first.relay(sink -> {
            gates.add(first.admitted(alice));
            SseStream second = new SseStream(new MockHttpServletResponse(), shared, new RequestId("req-2"));
            SseStream others = new SseStream(new MockHttpServletResponse(), shared, new RequestId("req-3"));
            try {
                second.relay(inner -> {
                    gates.add(second.admitted(alice));
                    return CANCELLED;
                });
                others.relay(inner -> {
                    gates.add(others.admitted(bob));
                    return CANCELLED;
                });
            } catch (RejectedRequest e) {
                throw new AssertionError(e);
            }
            assertThat(shared.openFor("alice")).isEqualTo(1);
            return CANCELLED;
        });

        assertThat(gates).containsExactly(Optional.empty(),
                Optional.of(new ApiResult.RateLimited("open streams per user", Duration.ofSeconds(30))),
                Optional.empty());
        assertThat(shared.openFor("alice")).as("the first stream ended").isZero();
        assertThat(shared.openFor("bob")).isZero();
        assertThat(shared.refused()).isEqualTo(1);
        SseStream third = new SseStream(new MockHttpServletResponse(), shared, new RequestId("req-4"));
        assertThat(third.admitted(alice)).isEmpty();
    }

    @Test
    void shutdownInterruptsTheWaitingWatchAndEndsTheStreamWithAShutdownEvent() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean interruptedAfterwards = new AtomicBoolean(true);
        Thread request = Thread.ofVirtual().start(() -> {
            serve(new SseStream(response, streams, new RequestId("req-7")), sink -> watchUntilInterrupted(sink, waiting));
            interruptedAfterwards.set(Thread.currentThread().isInterrupted());
        });
        assertThat(waiting.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(streams.size()).isEqualTo(1);

        assertThat(streams.closeAll()).isEqualTo(1);
        request.join(Duration.ofSeconds(2));

        assertThat(request.isAlive()).isFalse();
        assertThat(text(response)).isEqualTo("id: 1000000000\nretry: 2000\ndata: {\"status\":\"QUEUED\"}\n\n"
                + "event: shutdown\nretry: 1000\ndata: {\"reason\":\"shutdown\",\"detail\":\"this gateway instance is"
                + " shutting down; reconnect to resume the stream\",\"requestId\":\"req-7\"}\n\n");
        assertThat(response.getContentType()).startsWith("text/event-stream");
        assertThat(interruptedAfterwards).as("the interrupt does not outlive the watch").isFalse();
        assertThat(streams.size()).isZero();
    }

    @Test
    void theStreamsHeadCarriesTheLimitsStateItWasAdmittedWith() {
        SseStream stream = new SseStream(response, streams, new RequestId("req-3"));

        serve(stream, sink -> {
            stream.admitted(new StreamAdmission(Optional.of(new RateLimitDecision.LimitState(new LimitKey(new RateLimit(
                    "user", 1000, Duration.ofMinutes(1), LimitScope.USER, StoreFailurePolicy.FAIL_OPEN), "u-1"), 998,
                    Duration.ofMillis(1500))), Optional::empty));
            sink.accept(BOOKING);
            return new Served(ApiResult.Success.of(200, new byte[0]), Optional.empty());
        });

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("RateLimit-Limit")).isEqualTo("1000");
        assertThat(response.getHeader("RateLimit-Remaining")).isEqualTo("998");
        assertThat(response.getHeader("RateLimit-Reset")).isEqualTo("2");
        assertThat(text(response)).startsWith("id: 1000000000\nretry: 2000\ndata: ");
    }

    @Test
    void aStreamOpenedAfterShutdownBeganIsNeverWatchedAndGetsTheShutdownEventAtOnce() {
        streams.closeAll();
        SseStream stream = new SseStream(response, streams, new RequestId("req-8"));

        ApiResult result = serve(stream, sink -> fail("watched after shutdown began"));

        assertThat(result).isEqualTo(CANCELLED.result());
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(text(response)).startsWith("event: shutdown\nretry: 1000\n").contains("req-8");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(streams.size()).isZero();
    }

    @Test
    void aShutdownDuringAWriteWaitsForTheWriteThenStopsTheWatchWithoutAnInterrupt() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interruptedWhileWriting = new AtomicBoolean();
        AtomicReference<Throwable> secondSend = new AtomicReference<>();
        HttpServletResponseWrapper slowClient = new HttpServletResponseWrapper(response) {
            @Override
            public ServletOutputStream getOutputStream() {
                return new BlockingOutput(writing, release, interruptedWhileWriting);
            }
        };
        Thread request = Thread.ofVirtual().start(() ->
                serve(new SseStream(slowClient, streams, new RequestId("req-9")), sink -> {
                    try {
                        sink.accept(BOOKING);
                    } catch (UncheckedIOException e) {
                        secondSend.set(e);
                    }
                    return CANCELLED;
                }));
        assertThat(writing.await(2, TimeUnit.SECONDS)).isTrue();

        streams.closeAll();
        release.countDown();
        request.join(Duration.ofSeconds(2));

        assertThat(interruptedWhileWriting).as("never interrupted mid-write").isFalse();
        assertThat(secondSend.get()).as("the send that was under way tells the watch to stop")
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("stopped for shutdown");
    }

    @Test
    void aHeartbeatIsACommentLineBetweenEventsAndNothingBeforeTheStreamStarted() throws Exception {
        SseStream stream = new SseStream(response, streams, new RequestId("req-4"));
        stream.heartbeat(); // not started: nothing to keep alive, and the head must not go out yet
        assertThat(response.isCommitted()).isFalse();

        watchAcrossAHeartbeat(stream, booking("{\"status\":\"RESERVED\"}"));

        assertThat(text(response)).isEqualTo("id: 1000000000\nretry: 2000\ndata: {\"status\":\"QUEUED\"}\n\n:\n\n"
                + "id: 2000000000\ndata: {\"status\":\"RESERVED\"}\n\n");
    }

    @Test
    void aHeartbeatThatFindsTheClientGoneStopsTheWaitingWatchAndTheStreamEndsWithoutAnotherWrite() throws Exception {
        AtomicInteger writesAfterGone = new AtomicInteger();
        AtomicBoolean clientGone = new AtomicBoolean();
        HttpServletResponseWrapper leaving = new HttpServletResponseWrapper(response) {
            @Override
            public ServletOutputStream getOutputStream() throws IOException {
                ServletOutputStream real = response.getOutputStream();
                return new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        if (clientGone.get()) {
                            writesAfterGone.incrementAndGet();
                            throw new IOException("Broken pipe");
                        }
                        real.write(b);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        // blocking only
                    }
                };
            }
        };
        CountDownLatch watching = new CountDownLatch(1);
        AtomicReference<ApiResult> result = new AtomicReference<>();
        Thread request = Thread.ofVirtual().start(() -> result.set(serve(new SseStream(leaving, streams,
                new RequestId("req-5")), sink -> watchUntilInterrupted(sink, watching))));
        assertThat(watching.await(2, TimeUnit.SECONDS)).isTrue();

        clientGone.set(true);
        streams.heartbeat();
        request.join(Duration.ofSeconds(2));

        assertThat(request.isAlive()).isFalse();
        assertThat(result.get()).isEqualTo(CANCELLED.result());
        assertThat(writesAfterGone).as("the heartbeat's write only: no problem event to a client that left").hasValue(1);
        assertThat(streams.size()).isZero();
    }

    /** A watch that sends one state, then waits for the next until its thread is interrupted. */
    private static Served watchUntilInterrupted(Consumer<byte[]> sink, CountDownLatch sent) {
        sink.accept(BOOKING);
        sent.countDown();
        try {
            Thread.sleep(Duration.ofSeconds(30));
            return fail("the watch was not interrupted");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // as gRPC's blocking iterator leaves it
            return CANCELLED;
        }
    }

    @Test
    void aHeartbeatThatFindsTheSessionEndedStopsTheWatchWithTheSessionsAnswer() throws Exception {
        AtomicBoolean loggedOut = new AtomicBoolean();
        ApiResult revoked = new ApiResult.Unauthenticated(com.ticketing.gateway.domain.service.AuthProblem.SESSION_REVOKED);
        AtomicReference<SseStream> made = new AtomicReference<>();
        CountDownLatch watching = new CountDownLatch(1);
        Thread request = Thread.ofVirtual().start(() -> {
            SseStream stream = new SseStream(response, streams, new RequestId("req-6")); // on the request's thread
            stream.admitted(new StreamAdmission(Optional.empty(),
                    () -> loggedOut.get() ? Optional.of(revoked) : Optional.empty()));
            made.set(stream);
            serve(stream, sink -> watchUntilInterrupted(sink, watching));
        });
        assertThat(watching.await(2, TimeUnit.SECONDS)).isTrue();
        SseStream stream = made.get();

        streams.heartbeat();
        awaitText(response, ":\n\n"); // still active: a comment
        loggedOut.set(true);
        streams.heartbeat();
        request.join(Duration.ofSeconds(2));

        assertThat(request.isAlive()).isFalse();
        assertThat(stream.endedBySession()).contains(revoked);
        assertThat(streams.size()).isZero();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aSessionStoreThatCannotAnswerEndsNoStreamOnAHeartbeat() throws Exception {
        SseStream stream = new SseStream(response, streams, new RequestId("req-7b"));
        stream.admitted(new StreamAdmission(Optional.empty(),
                () -> Optional.of(new ApiResult.StoreUnavailable("sessions"))));

        watchAcrossAHeartbeat(stream);

        assertThat(stream.endedBySession()).isEmpty();
    }

    /**
     * Serves {@code stream} (made on this thread) with a watch that sends one state, waits until a
     * heartbeat has written its comment, then sends {@code later} and completes.
     */
    private void watchAcrossAHeartbeat(SseStream stream, byte[]... later) throws InterruptedException {
        CountDownLatch sent = new CountDownLatch(1);
        CountDownLatch beaten = new CountDownLatch(1);
        Thread request = Thread.ofVirtual().start(() -> serve(stream, sink -> {
            sink.accept(BOOKING);
            sent.countDown();
            try {
                assertThat(beaten.await(2, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError("interrupted: the stream was ended", e);
            }
            for (byte[] state : later) {
                sink.accept(state);
            }
            return new Served(ApiResult.Success.of(200, new byte[0]), Optional.empty());
        }));
        assertThat(sent.await(2, TimeUnit.SECONDS)).isTrue();
        streams.heartbeat();
        awaitText(response, ":\n\n");
        beaten.countDown();
        request.join(Duration.ofSeconds(2));
        assertThat(request.isAlive()).isFalse();
    }

    private static void awaitText(MockHttpServletResponse response, String part) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!text(response).contains(part) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void aCompletedStreamEndsWithoutAnyFurtherEventAndAFailedOneWithAProblemEvent() {
        serve(new SseStream(response, streams, new RequestId("req-1")), sink -> {
            sink.accept(BOOKING);
            return new Served(ApiResult.Success.of(200, new byte[0]), Optional.empty());
        });
        assertThat(text(response)).isEqualTo("id: 1000000000\nretry: 2000\ndata: {\"status\":\"QUEUED\"}\n\n");

        MockHttpServletResponse failed = new MockHttpServletResponse();
        serve(new SseStream(failed, streams, new RequestId("req-2")), sink -> {
            sink.accept(BOOKING);
            return CANCELLED;
        });
        assertThat(text(failed)).endsWith("event: problem\ndata: {\"code\":\"INTERNAL\"}\n\n")
                .doesNotContain("event: error");
    }

    private static byte[] booking(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] QUEUED_3 = booking("{\"status\":\"QUEUED\",\"queuePosition\":3}");
    private static final byte[] QUEUED_1 = booking("{\"status\":\"QUEUED\",\"queuePosition\":1}");
    private static final byte[] RESERVED = booking("{\"status\":\"RESERVED\"}");
    private static final byte[] CONFIRMED = booking("{\"status\":\"CONFIRMED\"}");
    private static final Served COMPLETED = new Served(ApiResult.Success.of(200, new byte[0]), Optional.empty());

    @Test
    void eachStateGetsAnIdThatGrowsWithTheBookingsProgressAndOnlyTheFirstCarriesRetry() {
        serve(new SseStream(response, streams, new RequestId("req-4")), sink -> {
            sink.accept(QUEUED_3);
            sink.accept(QUEUED_1);
            sink.accept(RESERVED);
            sink.accept(CONFIRMED);
            return COMPLETED;
        });

        assertThat(text(response)).isEqualTo(
                "id: 999999997\nretry: 2000\ndata: {\"status\":\"QUEUED\",\"queuePosition\":3}\n\n"
                + "id: 999999999\ndata: {\"status\":\"QUEUED\",\"queuePosition\":1}\n\n"
                + "id: 2000000000\ndata: {\"status\":\"RESERVED\"}\n\n"
                + "id: 3000000000\ndata: {\"status\":\"CONFIRMED\"}\n\n");
    }

    @Test
    void aReconnectWithLastEventIdGetsOnlyWhatItHasNotSeen() {
        SseStream stream = new SseStream(response, streams, new RequestId("req-5"), () -> { },
                BookingEvent.lastEventId("999999999"));
        serve(stream, sink -> {
            sink.accept(QUEUED_1);
            sink.accept(RESERVED);
            return COMPLETED;
        });

        assertThat(text(response)).isEqualTo("retry: 2000\n\nid: 2000000000\ndata: {\"status\":\"RESERVED\"}\n\n");
    }

    @Test
    void aReconnectThatHasSeenTheFinalStateGetsNothingWrittenSoTheAnswerIs204() {
        SseStream stream = new SseStream(response, streams, new RequestId("req-6"), () -> { },
                BookingEvent.lastEventId("3000000000"));

        serve(stream, sink -> {
            sink.accept(CONFIRMED);
            return COMPLETED;
        });

        assertThat(stream.started()).isFalse();
        assertThat(text(response)).isEmpty();
    }

    @Test
    void aLastEventIdThatIsNoneOfOursCountsAsNone() {
        assertThat(BookingEvent.lastEventId("abc")).isEmpty();
        assertThat(BookingEvent.lastEventId("-1")).isEmpty();
        assertThat(BookingEvent.lastEventId("\u0661")).as("Arabic-Indic one").isEmpty();
        assertThat(BookingEvent.lastEventId("99999999999999999999")).isEmpty();
        assertThat(BookingEvent.lastEventId(null)).isEmpty();
        assertThat(BookingEvent.lastEventId("2000000000")).hasValue(2_000_000_000L);
    }

    @Test
    void aShutdownAfterTheStreamEndedChangesNothing() {
        SseStream stream = new SseStream(response, streams, new RequestId("req-3"));
        serve(stream, sink -> new Served(ApiResult.Success.of(200, new byte[0]), Optional.empty()));

        assertThat(streams.closeAll()).isZero();
        stream.stopForShutdown();

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(stream.started()).isFalse();
        assertThat(text(response)).isEmpty();
    }

    private static String text(MockHttpServletResponse response) {
        return new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    /** An output stream whose first write blocks until released, noting whether it was interrupted meanwhile. */
    private static final class BlockingOutput extends ServletOutputStream {
        private final CountDownLatch writing;
        private final CountDownLatch release;
        private final AtomicBoolean interrupted;

        BlockingOutput(CountDownLatch writing, CountDownLatch release, AtomicBoolean interrupted) {
            this.writing = writing;
            this.release = release;
            this.interrupted = interrupted;
        }

        @Override
        public void write(int b) throws IOException {
            writing.countDown();
            try {
                if (!release.await(5, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                }
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw new IOException(e);
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            // blocking only
        }
    }
    @Test
    void beyondTheMostOpenStreamsOneIsRefusedWith503BeforeAnythingIsWrittenAndOpenOnesCountAfterWhenOpen()
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bothOpen = new CountDownLatch(2);
        AtomicInteger opened = new AtomicInteger();
        List<Thread> watchers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            MockHttpServletResponse own = new MockHttpServletResponse();
            watchers.add(Thread.ofVirtual().start(() -> serve(
                    new SseStream(own, streams, new RequestId("req-open"), opened::incrementAndGet, java.util.OptionalLong.empty()), sink -> {
                        assertThat(opened.get()).as("whenOpen ran before the watch").isPositive();
                        bothOpen.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return new Served(ApiResult.Success.of(200, new byte[0]), Optional.empty());
                    })));
        }
        assertThat(bothOpen.await(2, TimeUnit.SECONDS)).isTrue();

        AtomicInteger thirdOpened = new AtomicInteger();
        SseStream third = new SseStream(response, streams, new RequestId("req-3"), thirdOpened::incrementAndGet, java.util.OptionalLong.empty());
        assertThatThrownBy(() -> third.relay(sink -> fail("watched beyond the limit")))
                .isInstanceOfSatisfying(RejectedRequest.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(503);
                    assertThat(e.problem()).isEqualTo(ProblemMapping.overloaded());
                });
        assertThat(thirdOpened).hasValue(0);
        assertThat(third.started()).isFalse();
        assertThat(response.getContentAsByteArray()).isEmpty();
        assertThat(streams.refused()).isEqualTo(1);
        assertThat(opened).hasValue(2);

        release.countDown();
        for (Thread watcher : watchers) {
            watcher.join(Duration.ofSeconds(2));
        }
        assertThat(streams.size()).isZero();
        serve(new SseStream(new MockHttpServletResponse(), streams, new RequestId("req-4")),
                sink -> new Served(ApiResult.Success.of(200, new byte[0]), Optional.empty()));
        assertThat(streams.refused()).as("room again once streams ended").isEqualTo(1);
    }
}
