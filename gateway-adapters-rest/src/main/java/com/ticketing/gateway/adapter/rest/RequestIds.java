package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.model.RequestId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when acceptable, a new one
 * otherwise. Echoed on every response, put in the logging context, and kept as a request
 * attribute for the handlers; an error dispatch keeps the id of the request it reports on.
 */
public final class RequestIds extends EdgeStep {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    /** The id of the request being served. */
    public static RequestId of(HttpServletRequest request) {
        RequestState state = RequestState.peek(request);
        RequestId id = state == null ? null : state.id();
        return id != null ? id : fresh();
    }

    /**
     * The request's id, assigned now unless it already has one, and set on the response: for
     * this filter and for answers the container writes before any filter ran.
     */
    static RequestId assign(HttpServletRequest request, HttpServletResponse response) {
        RequestState state = RequestState.of(request);
        RequestId id = state.id();
        if (id == null) {
            id = forSent(sentOnce(request));
            state.id(id);
        }
        response.setHeader(HEADER, id.value());
        return id;
    }

    /**
     * The request's {@code X-Request-Id} when it sent exactly one; two (whose joined value is no
     * acceptable id, and either of which may be a hop's) or none give null, so a fresh id.
     */
    static String sentOnce(HttpServletRequest request) {
        String sent = request.getHeader(HEADER);
        if (sent == null) {
            return null;
        }
        Enumeration<String> all = request.getHeaders(HEADER);
        all.nextElement();
        return all.hasMoreElements() ? null : sent;
    }

    /** The id a request gets: the one it sent ({@code sent}, may be null) when acceptable, else a fresh one. */
    static RequestId forSent(String sent) {
        return RequestId.isAcceptable(sent) ? new RequestId(sent) : fresh();
    }

    /**
     * A new random (version 4) UUID. A correlation id, not a secret: drawn from the thread's own
     * generator instead of {@link UUID#randomUUID()}, whose shared SecureRandom every request
     * thread would queue on.
     */
    static RequestId fresh() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new RequestId(new UUID(high, low).toString());
    }

    @Override
    public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RequestId id = assign(request, response);
        MDC.put(MDC_KEY, id.value());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
