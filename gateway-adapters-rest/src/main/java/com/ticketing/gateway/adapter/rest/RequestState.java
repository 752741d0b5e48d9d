package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.route.Route;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/**
 * What the edge learns about one request on its way through, kept in one request attribute rather
 * than one per fact: its id, the client address, its in-flight slot, the path the screen decoded,
 * the route it matched and the user it was served for. Tomcat recycles a request's attributes one
 * by one after every request, so six facts as six attributes cost six map writes and six removals.
 *
 * <p>Written and read by the request's pass, read again by its completion (access line, timer) and
 * by error pages, which may run on other threads: the fields are volatile.
 */
public final class RequestState {

    private static final String ATTRIBUTE = RequestState.class.getName();
    /** The status logged for a request whose client went away before it was answered (nginx's). */
    static final int CLIENT_CLOSED = 499;

    private volatile RequestId id;
    private volatile String clientAddress;
    private volatile Runnable slotRelease;
    private volatile String screenedUri;
    private volatile List<String> screenedSegments;
    private volatile Route route;
    private volatile String user;
    /** 0 while the request is its pass's; else the status it had when the container ended it. */
    private volatile int endedStatus;

    private RequestState() {
    }

    /** The request's state, made on first use. */
    public static RequestState of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof RequestState state) {
            return state;
        }
        RequestState state = new RequestState();
        request.setAttribute(ATTRIBUTE, state);
        return state;
    }

    /** The request's state, or null when nothing was learnt of it yet (a read that must not add one). */
    static RequestState peek(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof RequestState state ? state : null;
    }

    /** The route the request matched, or null for one no route took (404, 405, refused, not an API path). */
    public static Route route(HttpServletRequest request) {
        RequestState state = peek(request);
        return state == null ? null : state.route;
    }

    /** The id of the user an authenticated request was served for, or null. */
    public static String user(HttpServletRequest request) {
        RequestState state = peek(request);
        return state == null ? null : state.user;
    }

    /** The route the request matched, or null; readable after the container recycled the request. */
    public Route route() {
        return route;
    }

    /** The user the request was served for, or null; readable after the container recycled the request. */
    public String user() {
        return user;
    }

    /**
     * The request's status as it ends: the response's, or, when the container ended the request
     * under its pass (the client went away), the status it had answered by then, or
     * {@link #CLIENT_CLOSED} when it had answered nothing. Never touches a recycled response.
     */
    public int status(HttpServletResponse response) {
        int ended = endedStatus;
        if (ended != 0) {
            return ended;
        }
        try {
            return response.getStatus();
        } catch (IllegalStateException recycled) {
            return CLIENT_CLOSED;
        }
    }

    /** Whether the container ended the request while its pass still ran. */
    public boolean endedByContainer() {
        return endedStatus != 0;
    }

    /**
     * The container ends the request under its pass (the client went away): {@code response} still
     * belongs to it. A body that comes too slowly never ends here: its reader answers it (408).
     */
    void endedByContainer(HttpServletResponse response) {
        this.endedStatus = response.isCommitted() ? response.getStatus() : CLIENT_CLOSED;
    }

    /** Records the route that takes the request. */
    public void matched(Route matched) {
        this.route = matched;
    }

    /** Records the user the request was served for. */
    public void servedFor(String userId) {
        this.user = userId;
    }

    RequestId id() {
        return id;
    }

    void id(RequestId assigned) {
        this.id = assigned;
    }

    String clientAddress() {
        return clientAddress;
    }

    void clientAddress(String resolved) {
        this.clientAddress = resolved;
    }

    /** Keeps how the request's in-flight slot is given back, for {@link InFlightLimit#handOver}. */
    void slot(Runnable release) {
        this.slotRelease = release;
    }

    Runnable slot() {
        return slotRelease;
    }

    /** Keeps the segments the screen decoded from {@code uri}. */
    void screened(String uri, List<String> segments) {
        this.screenedSegments = segments;
        this.screenedUri = uri;
    }

    /** The segments the screen decoded, when it decoded this {@code uri}; else null. */
    List<String> screenedSegments(String uri) {
        List<String> segments = screenedSegments;
        return uri.equals(screenedUri) ? segments : null;
    }
}
