package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.coyote.ActionCode;
import org.apache.coyote.Adapter;
import org.apache.coyote.ErrorState;
import org.apache.coyote.InputBuffer;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.http.MimeHeaders;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.ApplicationBufferHandler;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's HTTP/1.1 processor with what a gateway at the edge needs on top:
 * <ul>
 * <li>the head of a request must arrive within {@link RequestDeadlines#head()} of its first byte,
 * whatever the pace: while it is incomplete the connection's read timeout is shortened to what is
 * left, and past it the client gets a 408 problem (through the container's error report, as for a
 * head that cannot be parsed) and the connection is closed; a connection that sent nothing but
 * blank lines is just closed;</li>
 * <li>the body must arrive within {@link RequestDeadlines#body()} of its first read: every read
 * waits at most what is left, and a read past it fails with {@link RequestTimeout} (the
 * application answers 408);</li>
 * <li>an HTTP/0.9 request (a request line without a version) is refused by closing the connection:
 * its answer would have neither a status line nor headers;</li>
 * <li>a head whose body could end in two places ({@code Transfer-Encoding} in HTTP/1.0, or beside
 * {@code Content-Length}) is refused with 400 and the connection closed ({@link #framingInDoubt});</li>
 * <li>after a response that says {@code Connection: close}, the rest of an unread body is drained
 * for at most {@link #LINGER_MILLIS} of silence before the connection is closed (Tomcat would wait
 * for the whole idle timeout).</li>
 * <li>before the container serves a request, the names and values of its head are made the strings
 * Tomcat would make of them on first read, each with one copy of its bytes rather than a decoder
 * and a char buffer per field and request ({@link HeadFieldBytes#decode(MimeHeaders)}).</li>
 * <li>{@code OPTIONS *}, which Tomcat would answer itself, outside the application, is answered
 * here with the headers every answer carries ({@link #answerServerOptions}).</li>
 * </ul>
 * Each timeout is reported to {@code onTimeout}. One instance serves one connection at a time,
 * as Tomcat's processors do.
 */
final class StrictHttp11Processor extends Http11Processor {

    /** Silence tolerated while draining an unread body after {@code Connection: close}. */
    static final int LINGER_MILLIS = 100;
    /**
     * The most bytes read past what Tomcat read of a head it refused, looking for its {@code Origin}
     * and request id: a browser's longest URL (Chromium's 2 MiB) and some header fields before them.
     */
    static final int MAX_READ_AHEAD = 2 * 1024 * 1024 + 64 * 1024;
    /** How long that reading waits for more of the head, in all and since the last bytes came. */
    static final long READ_AHEAD_NANOS = 500_000_000L;
    static final long READ_AHEAD_IDLE_NANOS = 50_000_000L;
    /** The fields of a head refused unparsed that are read from its raw bytes, in lower case. */
    private static final List<String> RECOVERED_FIELDS = List.of("origin", "x-request-id");
    /** The methods the gateway serves on some resource, as {@code OPTIONS *} lists them; never TRACE, refused everywhere. */
    static final String SERVER_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

    private final AbstractHttp11Protocol<?> protocol;
    private final Adapter container;
    private final RequestDeadlines deadlines;
    private final CorsHeaders cors;
    private final LongSupplier nanoTime;
    private final Consumer<RequestDeadlines.Phase> onTimeout;
    /** Kept with the connection while a head has only blank lines so far (Tomcat would forget its start). */
    private boolean blankLinesOnly;
    /**
     * This processor refused an HTTP/0.9 request. Tomcat's own flag for it outlives the request
     * (until another request line is read), and would strip the status line and headers from a 408
     * for an incomplete request line: such a processor is answered with a close, and not reused.
     */
    private boolean sawHttp09;
    private boolean recycledAfterHttp09;
    private long bodyStartNanos = -1;
    /** A thread of the application waits in a read of the request's body (set and read on different threads). */
    private volatile boolean bodyReading;
    /** The request's body did not come in time: the reader answers the request (408). */
    private volatile boolean bodyTimedOut;
    /** Tomcat's buffer of the head (its {@code Http11InputBuffer}): what it read of a head it could not parse. */
    private final ApplicationBufferHandler headBuffer;

    /**
     * @param nanoTime  the clock Tomcat marks a request's start with ({@code System::nanoTime})
     * @param onTimeout told of each request cut for slowness; must be quick and must not throw
     */
    static StrictHttp11Processor create(AbstractHttp11Protocol<?> protocol, Adapter container,
                                        RequestDeadlines deadlines, CorsHeaders cors, LongSupplier nanoTime,
                                        Consumer<RequestDeadlines.Phase> onTimeout) {
        Gate gate = new Gate(container);
        StrictHttp11Processor processor = new StrictHttp11Processor(protocol, gate, container, deadlines, cors,
                nanoTime, onTimeout);
        gate.processor = processor;
        return processor;
    }

    private StrictHttp11Processor(AbstractHttp11Protocol<?> protocol, Gate gate, Adapter container,
                                  RequestDeadlines deadlines, CorsHeaders cors, LongSupplier nanoTime,
                                  Consumer<RequestDeadlines.Phase> onTimeout) {
        super(protocol, gate);
        this.protocol = protocol;
        this.container = container;
        this.deadlines = deadlines;
        this.cors = cors;
        this.nanoTime = nanoTime;
        this.onTimeout = onTimeout;
        this.headBuffer = request.getInputBuffer() instanceof ApplicationBufferHandler head ? head : null;
        request.setInputBuffer(new TimedBody(request.getInputBuffer()));
    }

    @Override
    public SocketState service(SocketWrapperBase<?> socket) throws IOException {
        SocketState state = super.service(socket);
        if (!headInProgress(state)) {
            blankLinesOnly = false;
            return state;
        }
        // OPEN: only blank lines so far; LONG: part of a request line or of the header fields.
        blankLinesOnly = state == SocketState.OPEN;
        long left = deadlines.millisLeft(RequestDeadlines.Phase.HEAD, request.getStartTimeNanos(),
                nanoTime.getAsLong());
        if (left <= 0) {
            return headTimedOut();
        }
        socket.setReadTimeout(within(protocol.getConnectionTimeout(), left));
        return SocketState.LONG; // keeps this processor, and with it the head's start, with the connection
    }

    /**
     * The poller reports a read that timed out as an error; for a connection whose head is
     * incomplete that is a head that did not arrive in time (the deadline, or the idle time).
     */
    @Override
    public SocketState process(SocketWrapperBase<?> socket, SocketEvent event) throws IOException {
        if (event == SocketEvent.ERROR && !isAsync() && !isUpgrade() && request.getStartTimeNanos() != -1) {
            return headTimedOut();
        }
        if (event == SocketEvent.ERROR && isAsync() && (bodyReading || bodyTimedOut)) {
            // The poller found the body's read timed out as well: the read itself ends with the same
            // timeout (or with the socket's error) and the request is answered from there (408). Taken
            // here too, the container would end the request under the reader, without an answer.
            return SocketState.LONG;
        }
        return super.process(socket, event);
    }

    /**
     * Also true once a processor that refused HTTP/0.9 is recycled: Tomcat keeps no upgrade
     * processor for reuse, so this one is dropped instead of going back to the pool.
     */
    @Override
    public boolean isUpgrade() {
        return super.isUpgrade() || recycledAfterHttp09;
    }

    private boolean headInProgress(SocketState state) {
        return (state == SocketState.LONG || state == SocketState.OPEN) && !isAsync() && !isUpgrade()
                && request.getStartTimeNanos() != -1;
    }

    private SocketState headTimedOut() {
        onTimeout.accept(RequestDeadlines.Phase.HEAD);
        if (blankLinesOnly || (sawHttp09 && request.protocol().isNull())) {
            return SocketState.CLOSED; // nothing of a request to answer (or no way to answer it properly)
        }
        response.setStatus(408);
        setErrorState(ErrorState.CLOSE_CLEAN, new RequestTimeout(RequestDeadlines.Phase.HEAD));
        try {
            container.service(request, response); // the error report writes the problem, as for an unparsable head
        } catch (Exception e) {
            // the client is gone or the answer cannot be written: the connection is closed either way
        }
        return SocketState.CLOSED;
    }

    private static int within(int idleMillis, long leftMillis) {
        long timeout = idleMillis > 0 ? Math.min(idleMillis, leftMillis) : leftMillis;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout));
    }

    /** Before the container serves a complete head. */
    private boolean admit(Response response) {
        bodyStartNanos = -1;
        bodyTimedOut = false;
        if (request.protocol().equals("")) {
            sawHttp09 = true;
            response.action(ActionCode.CLOSE_NOW, null); // nothing is written; the connection is closed
            return false;
        }
        if (framingInDoubt(request.getMimeHeaders())) {
            response.setStatus(400); // answered by the error report, as Tomcat's own refusals of a head are
            setErrorState(ErrorState.CLOSE_CLEAN, null);
        }
        return true;
    }

    /**
     * A head whose body's end two parties could read differently (RFC 9112 §6.1, §6.3): a
     * {@code Transfer-Encoding} in an HTTP/1.0 request, which Tomcat ignores but a hop before it may
     * not, or beside a {@code Content-Length}, which it overrides. Either is how a second request
     * is smuggled inside a first: refused with 400, and the connection closed before any of the
     * body is read as a request.
     */
    private boolean framingInDoubt(MimeHeaders headers) {
        return headers.findHeader("transfer-encoding", 0) >= 0
                && (request.protocol().equals("HTTP/1.0") || headers.findHeader("content-length", 0) >= 0
                        || rawHeadHas("content-length")); // Tomcat drops it beside a Transfer-Encoding
    }

    /** Whether the head as it came, still in Tomcat's buffer, has the field. */
    private boolean rawHeadHas(String lowerCaseName) {
        if (headBuffer == null) {
            return false;
        }
        int length = headBuffer.getByteBuffer().limit();
        return RawHeadField.scan(rawHead(), length, lowerCaseName) instanceof RawHeadField.Scan.Found;
    }

    /** What Tomcat's buffer holds of the head, as it came. */
    private byte[] rawHead() {
        ByteBuffer seen = headBuffer.getByteBuffer();
        byte[] head = new byte[seen.limit()];
        seen.get(0, head, 0, seen.limit());
        return head;
    }

    /**
     * A head Tomcat refused (400, its parser's {@link IllegalArgumentException}: a request line too
     * long for the buffer, a character the request target may not hold) before it read the header
     * fields gets its {@code Origin} and {@code X-Request-Id} from the raw bytes ({@link RawHeadField.Skim}):
     * those Tomcat read, then the rest as it comes, at most {@link #MAX_READ_AHEAD} more bytes, for
     * at most {@link #READ_AHEAD_NANOS} and while bytes keep coming. A browser sends the fields it was
     * asked for (a large {@code Authorization}) before {@code Origin}, so the origin can be far past
     * Tomcat's buffer. Only the line at hand is kept. The error report then answers an allowed origin
     * readably and with the client's id, as every other refusal. The connection is closed after that
     * answer, so nothing read here is missed.
     */
    private void recoverFields(Request req, Response res) {
        if (res.getStatus() != 400 || headBuffer == null
                || !(req.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof IllegalArgumentException)) {
            return;
        }
        byte[] head = rawHead();
        int length = head.length;
        if (req.requestURI().isNull() || req.requestURI().getLength() == 0) {
            String path = RawHeadField.path(head, length);
            if (path != null) {
                req.setAttribute(RawHeadField.PATH_ATTRIBUTE, path); // the problem's instance
            }
        }
        List<String> wanted = RECOVERED_FIELDS.stream().filter(name -> req.getMimeHeaders().getHeader(name) == null)
                .toList();
        if (wanted.isEmpty()) {
            return;
        }
        RawHeadField.Skim skim = new RawHeadField.Skim(wanted);
        skim.feed(head, 0, length);
        readAhead(skim);
        skim.found().forEach((name, value) -> req.getMimeHeaders().addValue(name).setString(value));
    }

    /** Feeds the skim what comes of the head, within {@link #MAX_READ_AHEAD} bytes and the waits above. */
    private void readAhead(RawHeadField.Skim skim) {
        SocketWrapperBase<?> socket = getSocketWrapper();
        ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
        long start = System.nanoTime();
        long lastBytes = start;
        long total = 0;
        try {
            while (!skim.done() && socket != null && total < MAX_READ_AHEAD) {
                chunk.clear();
                int read = socket.read(false, chunk);
                long now = System.nanoTime();
                if (read < 0 || now - start > READ_AHEAD_NANOS || (read == 0 && now - lastBytes > READ_AHEAD_IDLE_NANOS)) {
                    return;
                }
                if (read == 0) {
                    Thread.sleep(1);
                    continue;
                }
                skim.feed(chunk.array(), 0, read);
                total += read;
                lastBytes = now;
            }
        } catch (IOException e) {
            // the client is gone: nothing more to read, and the answer will not reach it anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code OPTIONS *}, the method compared as Tomcat compares it before answering such a request itself. */
    private static boolean asksForTheServersOptions(Request req) {
        return req.method().equalsIgnoreCase("OPTIONS") && req.requestURI().equals("*");
    }

    /**
     * {@code OPTIONS *} asks about the server, not a resource. Tomcat answers it before any filter,
     * without the request id, the security headers or CORS, and lists TRACE, which every resource
     * refuses. Answered here instead: 200, no body, {@code Allow} with {@link #SERVER_METHODS}, the
     * request id (the client's when acceptable), the security headers, and {@code Vary: Origin}
     * ({@link CorsHeaders#varies}) with, for an allowed origin, what lets its page read the answer.
     */
    private void answerServerOptions(Request req, Response res) {
        res.setStatus(200);
        res.setHeader("Allow", SERVER_METHODS);
        MimeHeaders headers = req.getMimeHeaders();
        int sent = headers.findHeader(RequestIds.HEADER, 0);
        boolean once = sent >= 0 && headers.findHeader(RequestIds.HEADER, sent + 1) < 0;
        res.setHeader(RequestIds.HEADER, RequestIds.forSent(once ? headers.getValue(sent).toString() : null).value());
        SecurityHeaders.write(req.scheme().equals("https"), res::setHeader);
        String origin = req.getHeader("Origin");
        if (cors.varies(origin)) {
            res.addHeader("Vary", "Origin");
            cors.readable(origin, res::setHeader);
        }
        res.setContentLength(0);
    }

    /** After the container served a request: how long the rest of an unread body may be drained. */
    private void served(Response response) {
        SocketWrapperBase<?> socket = getSocketWrapper();
        if (isAsync() || socket == null) {
            return;
        }
        if (saysClose(response)) {
            socket.setReadTimeout(LINGER_MILLIS);
            return;
        }
        long now = nanoTime.getAsLong();
        long left = deadlines.millisLeft(RequestDeadlines.Phase.BODY, bodyStartNanos == -1 ? now : bodyStartNanos, now);
        socket.setReadTimeout(within(protocol.getConnectionTimeout(), left));
    }

    private static boolean saysClose(Response response) {
        Enumeration<String> values = response.getMimeHeaders().values("Connection");
        while (values.hasMoreElements()) {
            for (String token : values.nextElement().split(",")) {
                if (token.trim().equalsIgnoreCase("close")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The request body as the application reads it, each read bounded by what is left of the body's time. */
    private final class TimedBody implements InputBuffer {

        private final InputBuffer body;

        TimedBody(InputBuffer body) {
            this.body = body;
        }

        @Override
        public int doRead(ApplicationBufferHandler handler) throws IOException {
            long now = nanoTime.getAsLong();
            if (bodyStartNanos == -1) {
                bodyStartNanos = now;
            }
            long left = deadlines.millisLeft(RequestDeadlines.Phase.BODY, bodyStartNanos, now);
            if (left <= 0) {
                throw timedOut();
            }
            SocketWrapperBase<?> socket = getSocketWrapper();
            if (socket != null) {
                socket.setReadTimeout(within(protocol.getConnectionTimeout(), left));
            }
            bodyReading = true;
            try {
                return body.doRead(handler);
            } catch (SocketTimeoutException e) {
                throw timedOut(); // the deadline, or the idle time between two reads: the body did not come in time
            } finally {
                bodyReading = false;
            }
        }

        @Override
        public int available() {
            return body.available();
        }

        /**
         * Unchecked, so that the container's input buffer passes it on untouched: as an {@link IOException} it
         * would mark the response failed and report an error of its own, which then races the reader for
         * the answer (and, losing, closes the connection without one). The reader answers 408 itself.
         */
        private UncheckedIOException timedOut() {
            bodyTimedOut = true;
            onTimeout.accept(RequestDeadlines.Phase.BODY);
            return new UncheckedIOException(new RequestTimeout(RequestDeadlines.Phase.BODY));
        }
    }

    /**
     * The container as this processor hands requests to it: refuses HTTP/0.9 before it is served,
     * finds the origin and request id of a head refused unparsed, turns the head's fields into
     * strings, answers {@code OPTIONS *} itself, and sets the draining time after. Bound to its
     * processor once that exists.
     */
    private static final class Gate implements Adapter {

        private final Adapter container;
        private StrictHttp11Processor processor;

        Gate(Adapter container) {
            this.container = container;
        }

        @Override
        public void service(Request req, Response res) throws Exception {
            if (!processor.admit(res)) {
                return;
            }
            processor.recoverFields(req, res);
            HeadFieldBytes.decode(req.getMimeHeaders());
            try {
                if (asksForTheServersOptions(req)) {
                    processor.answerServerOptions(req, res);
                } else {
                    container.service(req, res);
                }
            } finally {
                processor.served(res);
            }
        }

        @Override
        public boolean prepare(Request req, Response res) throws Exception {
            return container.prepare(req, res);
        }

        @Override
        public boolean asyncDispatch(Request req, Response res, SocketEvent status) throws Exception {
            return container.asyncDispatch(req, res, status);
        }

        @Override
        public void log(Request req, Response res, long time) {
            container.log(req, res, time);
        }

        @Override
        public void checkRecycled(Request req, Response res) {
            processor.recycledAfterHttp09 = processor.sawHttp09;
            container.checkRecycled(req, res);
        }

        @Override
        public String getDomain() {
            return container.getDomain();
        }
    }
}
