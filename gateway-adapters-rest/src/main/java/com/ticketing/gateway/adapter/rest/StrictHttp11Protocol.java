package com.ticketing.gateway.adapter.rest;

import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.coyote.Processor;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO HTTP/1.1 connector whose connections are served by {@link StrictHttp11Processor}:
 * total deadlines for a request's head and body, HTTP/0.9 refused, prompt close after
 * {@code Connection: close}, and no {@code 100 Continue} until the application reads the body (so a
 * request refused on its head, e.g. a declared body over the limit, gets its answer and never a
 * {@code 100} first), and the response head's header fields encoded without an encoder per field
 * ({@link HeadFieldBytes}). Named as the connector's protocol class (Tomcat creates it), then
 * given its deadlines and timeout listener with {@link #harden}, before the connector starts.
 */
public class StrictHttp11Protocol extends Http11NioProtocol {

    /** The protocol of a request on an HTTP/2 stream (the fields go through HPACK, not {@link HeadFieldBytes}). */
    private static final String HTTP_2 = "HTTP/2.0";

    private volatile RequestDeadlines deadlines = RequestDeadlines.DEFAULTS;
    private volatile Consumer<RequestDeadlines.Phase> onTimeout = phase -> { };
    private volatile CorsHeaders cors = new CorsHeaders(Set.of());

    public StrictHttp11Protocol() {
        setContinueResponseTiming("onRead");
    }

    /**
     * @param cors      the origins whose pages may read the answers the connector writes itself
     *                  ({@code OPTIONS *})
     * @param onTimeout told of each request cut because its head or body did not arrive in time
     *                  (a counter); must be quick and must not throw
     */
    public void harden(RequestDeadlines deadlines, CorsHeaders cors, Consumer<RequestDeadlines.Phase> onTimeout) {
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.cors = Objects.requireNonNull(cors, "cors");
        this.onTimeout = Objects.requireNonNull(onTimeout, "onTimeout");
    }

    @Override
    protected Processor createProcessor() {
        return StrictHttp11Processor.create(this, getAdapter(), deadlines, cors, System::nanoTime, onTimeout);
    }

    /**
     * Tomcat's compression decision, taken as it writes a response head with a body, once the
     * application's header fields are final: the last call before the head is written, so the
     * fields are encoded here (on HTTP/1.1; the fields Tomcat adds after it, such as {@code Date}
     * and {@code Content-Type}, it still encodes itself). Fields are never changed, only encoded.
     */
    @Override
    public boolean useCompression(Request request, Response response) {
        boolean compress = super.useCompression(request, response);
        if (!request.protocol().equals(HTTP_2)) {
            HeadFieldBytes.encode(response.getMimeHeaders());
        }
        return compress;
    }
}
