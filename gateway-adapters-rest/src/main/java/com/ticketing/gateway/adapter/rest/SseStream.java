package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.service.ApiResult;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@code text/event-stream} answer, started lazily by its first event so that a stream that
 * fails before its first message still gets an ordinary problem response. Each message is an
 * event named {@code booking}; a failure after the start is an {@code error} event.
 */
final class SseStream {

    private static final byte[] BOOKING_EVENT = "event: booking\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR_EVENT = "event: error\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServletResponse response;
    private OutputStream out;

    SseStream(HttpServletResponse response) {
        this.response = response;
    }

    /** Sends one event; an {@link UncheckedIOException} tells the caller the client has gone. */
    void send(byte[] json) {
        try {
            if (out == null) {
                response.setStatus(200);
                response.setContentType("text/event-stream");
                response.setCharacterEncoding("UTF-8");
                response.setHeader("Cache-Control", "no-store");
                response.setHeader("X-Accel-Buffering", "no");
                out = response.getOutputStream();
            }
            out.write(BOOKING_EVENT);
            out.write(json);
            out.write(END);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean started() {
        return out != null;
    }

    /** Ends a started stream; a failure is told in a last {@code error} event. */
    void finish(ApiResult result, byte[] problemJson) {
        if (result instanceof ApiResult.Success || problemJson == null) {
            return;
        }
        try {
            out.write(ERROR_EVENT);
            out.write(problemJson);
            out.write(END);
            out.flush();
        } catch (IOException e) {
            // the client is gone; nothing left to tell it
        }
    }
}
