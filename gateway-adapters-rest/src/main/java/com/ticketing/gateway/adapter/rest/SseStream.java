package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.service.ApiResult;
import com.ticketing.gateway.domain.service.Served;
import com.ticketing.gateway.domain.service.StreamAdmission;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@code text/event-stream} answer, started lazily by its first event so that a stream that
 * fails before its first message still gets an ordinary problem response. Each message is an
 * event of the default type (no {@code event:} line, so a browser's {@code EventSource.onmessage}
 * fires) with the {@code id:} of its {@link BookingEvent}; the first one also carries
 * {@code retry:} ({@link #RETRY_MILLIS}); its head carries the request's {@code RateLimit-*} fields
 * ({@link #admitted}). States a reconnecting client has already seen (its
 * {@code Last-Event-ID}) are not sent again; when it has seen the final one nothing is written
 * at all ({@link #started()} stays false: the answer is 204, and {@code EventSource} stops). A
 * failure after the start is an event named {@code problem} (never {@code error}, which is
 * {@code EventSource}'s own).
 *
 * <p>When the instance shuts down ({@link OpenStreams#closeAll()}), the request thread waiting on
 * the upstream watch is interrupted — which cancels the gRPC call — and the stream ends with a
 * {@code shutdown} event whose {@code retry} tells the client to reconnect after
 * {@link #RECONNECT_MILLIS}: the watch resumes on another instance with the booking's current
 * state. Events are only ever written by the request thread, heartbeat comments ({@link #heartbeat()})
 * by the heartbeat's thread and never beside an event; the interrupt is never delivered while an
 * event is being written.
 */
final class SseStream {

    static final int RECONNECT_MILLIS = 1000;
    /** How long a browser waits before it reconnects a stream that broke off. */
    static final int RETRY_MILLIS = 2000;
    private static final byte[] RETRY = ("retry: " + RETRY_MILLIS + "\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROBLEM_EVENT = "event: problem\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHUTDOWN_EVENT = ("event: shutdown\nretry: " + RECONNECT_MILLIS + "\ndata: ")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    /** A comment line: {@code EventSource} ignores it. */
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);
    /** The refusal of a user's stream beyond {@code MAX_OPEN_STREAMS_PER_USER}. */
    private static final ApiResult PER_USER_FULL = new ApiResult.RateLimited("open streams per user",
            Duration.ofSeconds(30));

    private final HttpServletResponse response;
    private final OpenStreams registry;
    private final RequestId requestId;
    private final Runnable whenOpen;
    private final OptionalLong lastEventId;
    private final Thread owner = Thread.currentThread();
    private final ReentrantLock lock = new ReentrantLock();
    /** The user this stream counts for among the open ones, once admitted; null for none. */
    private volatile String countedFor;
    /** Signalled when a heartbeat's write is over: an event, or the end, waits for it. */
    private final Condition heartbeatDone = lock.newCondition();
    private boolean writing;
    private boolean stopped;
    private boolean ended;
    /** A heartbeat found the client gone: the watch was interrupted, and nothing more is written. */
    private boolean gone;
    /** A heartbeat is writing (outside the lock, so that a slow client holds up nothing but this stream). */
    private boolean beating;
    private OutputStream out;
    private Optional<RateLimitDecision.LimitState> limit = Optional.empty();
    private Supplier<Optional<ApiResult>> sessionEnded = Optional::empty;
    /** Why a heartbeat found the stream's session ended: the watch was interrupted, and this is the answer. */
    private ApiResult endedBySession;

    /** Made on the request thread, which is the one a shutdown interrupts. */
    SseStream(HttpServletResponse response, OpenStreams registry, RequestId requestId) {
        this(response, registry, requestId, () -> { }, OptionalLong.empty());
    }

    /**
     * @param whenOpen    runs once the stream counts among the open ones, before the watch starts
     * @param lastEventId the id of the last event the client saw, from its {@code Last-Event-ID}
     */
    SseStream(HttpServletResponse response, OpenStreams registry, RequestId requestId, Runnable whenOpen,
              OptionalLong lastEventId) {
        this.response = response;
        this.registry = registry;
        this.requestId = requestId;
        this.whenOpen = whenOpen;
        this.lastEventId = lastEventId;
    }

    /**
     * Runs the upstream watch with this stream as its sink, counted among the open streams. Once
     * shutdown has begun the watch is not started at all: the answer is {@code CANCELLED}, and
     * {@link #finish} sends the {@code shutdown} event. With the most streams open already it is
     * refused before anything is written: 503, the gateway is at capacity.
     */
    Served relay(Function<Consumer<byte[]>, Served> watch) throws RejectedRequest {
        switch (registry.add(this)) {
            case CLOSING -> {
                stopForShutdown();
                return new Served(new ApiResult.ServiceFailure(UpstreamOutcome.Failed.of(FailureKind.CANCELLED)),
                        Optional.empty());
            }
            case FULL -> throw new RejectedRequest(ProblemMapping.overloaded());
            case OPEN -> whenOpen.run();
        }
        try {
            return watch.apply(this::send);
        } finally {
            end();
        }
    }

    /**
     * What the stream was admitted with: its limit's state, for the head the first event sends
     * ({@code RateLimit-*}), and the question each heartbeat asks of its session. A user's stream
     * counts against the user's open streams: with the most open already it is refused (429, to
     * retry once one of them has ended), before anything is written or called upstream.
     */
    Optional<ApiResult> admitted(StreamAdmission admission) {
        limit = admission.limit();
        sessionEnded = admission.sessionEnded();
        if (admission.user().isPresent()) {
            String user = admission.user().get().value();
            if (!registry.admitFor(user)) {
                return Optional.of(PER_USER_FULL);
            }
            countedFor = user;
        }
        return Optional.empty();
    }

    /** The user this open stream is counted for, or null. */
    String countedFor() {
        return countedFor;
    }

    /** Why the stream's session ended it, when a heartbeat found it ended: the answer to give instead. */
    Optional<ApiResult> endedBySession() {
        return underLock(() -> Optional.ofNullable(endedBySession));
    }

    /**
     * Sends one event; an {@link UncheckedIOException} tells the caller the client has gone or
     * the stream was stopped for shutdown, either way the watch must be cancelled.
     */
    void send(byte[] json) {
        lock.lock();
        try {
            while (beating) {
                heartbeatDone.awaitUninterruptibly();
            }
            if (stopped) {
                throw stoppedForShutdownError();
            }
            if (gone) {
                throw new UncheckedIOException(new IOException("the client has gone"));
            }
            if (endedBySession != null) {
                throw new UncheckedIOException(new IOException("the stream's session has ended"));
            }
            writing = true;
        } finally {
            lock.unlock();
        }
        boolean stopNow;
        try {
            BookingEvent event = BookingEvent.of(json);
            if (!event.seenBy(lastEventId)) {
                write(("id: " + event.id() + "\n").getBytes(StandardCharsets.US_ASCII), DATA, json);
            } else if (!event.isFinal() && out == null) {
                write(new byte[0], null, null); // seen already: open the stream, to wait for the next state
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.lock();
            try {
                writing = false;
                stopNow = stopped;
            } finally {
                lock.unlock();
            }
        }
        if (stopNow) {
            throw stoppedForShutdownError();
        }
    }

    /** Called from the shutdown thread: interrupts the request thread unless it is writing or done. */
    void stopForShutdown() {
        lock.lock();
        try {
            if (stopped || ended) {
                return;
            }
            stopped = true;
            if (!writing && owner != Thread.currentThread()) {
                owner.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks whether the stream's session has ended (a logout, a revocation, on any instance) and
     * if so ends the stream with that answer; else writes a comment line to a stream that has
     * started and is not writing an event, so that a client that went away is noticed (the write
     * fails) while the booking does not change, and an idle connection stays open through proxies.
     * Either ends the watch as a shutdown does, by interrupting the request thread, and the stream
     * counts no longer among the open ones once it has ended. Called by {@link OpenStreams#heartbeat()}, off the request thread; an event
     * being sent waits for the comment.
     */
    void heartbeat() {
        lock.lock();
        try {
            if (stopped || ended || gone || writing || beating || out == null || endedBySession != null) {
                return;
            }
            beating = true;
        } finally {
            lock.unlock();
        }
        // A store that cannot answer ends no stream here: the next state's own check fails closed.
        Optional<ApiResult> sessionEnd = sessionEnded.get().filter(ApiResult.Unauthenticated.class::isInstance);
        boolean failed = false;
        if (sessionEnd.isEmpty()) {
            try {
                out.write(HEARTBEAT);
                out.flush();
            } catch (IOException | RuntimeException e) {
                failed = true; // the client is gone (or the request already ended): either way nothing more to send
            }
        }
        lock.lock();
        try {
            beating = false;
            if (!ended && (sessionEnd.isPresent() || failed)) {
                endedBySession = sessionEnd.orElse(null);
                gone = failed;
                owner.interrupt();
            }
            heartbeatDone.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether anything has been sent, or will be: a stream stopped for shutdown always ends with its event. */
    boolean started() {
        return out != null || stoppedForShutdown();
    }

    /**
     * Ends a started stream: with the {@code shutdown} event when shutdown stopped it, else a
     * failure is told in a last {@code problem} event.
     */
    void finish(ApiResult result, byte[] problemJson) {
        if (clientGone()) {
            return;
        }
        try {
            if (stoppedForShutdown()) {
                write(new byte[0], SHUTDOWN_EVENT, ("{\"reason\":\"shutdown\",\"detail\":\"this gateway instance is shutting down;"
                        + " reconnect to resume the stream\",\"requestId\":\"" + requestId.value() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
            } else if (!(result instanceof ApiResult.Success) && problemJson != null) {
                write(new byte[0], PROBLEM_EVENT, problemJson);
            }
        } catch (IOException e) {
            // the client is gone; nothing left to tell it
        }
    }

    private boolean clientGone() {
        return underLock(() -> gone);
    }

    private boolean stoppedForShutdown() {
        return underLock(() -> stopped);
    }

    private <T> T underLock(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /** Deregisters; the interrupt a shutdown delivered has done its work and must not outlive the watch. */
    private void end() {
        lock.lock();
        try {
            while (beating) {
                heartbeatDone.awaitUninterruptibly(); // finish() writes next: never beside a heartbeat
            }
            ended = true;
            if (stopped || gone || endedBySession != null) {
                Thread.interrupted();
            }
        } finally {
            lock.unlock();
        }
        registry.remove(this);
    }

    /**
     * Writes one block: {@code fields} (complete lines), then {@code event} and {@code data} when
     * given; the first block of the stream also carries {@code retry:}.
     */
    private void write(byte[] fields, byte[] event, byte[] data) throws IOException {
        boolean first = out == null;
        if (first) {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Accel-Buffering", "no");
            limit.ifPresent(state -> RateLimitHeaders.write(response, state));
            out = response.getOutputStream();
        }
        out.write(fields);
        if (first && event != SHUTDOWN_EVENT) {
            out.write(RETRY);
        }
        if (event != null) {
            out.write(event);
            out.write(data);
            out.write(END);
        } else {
            out.write('\n');
        }
        out.flush();
    }

    private static UncheckedIOException stoppedForShutdownError() {
        return new UncheckedIOException(new IOException("the stream was stopped for shutdown"));
    }
}
