package com.ticketing.gateway.adapter.rest;

import java.io.IOException;
import java.io.StringReader;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.coyote.Processor;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.http.MimeHeaders;
import org.apache.tomcat.util.http.parser.AcceptEncoding;

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
        super(new StrictNioEndpoint());
        setContinueResponseTiming("onRead");
    }

    /**
     * Each client address's share of the connections ({@link PeerConnections}); without it, only
     * {@code SERVER_MAX_CONNECTIONS} bounds them.
     */
    public void limitConnections(PeerConnections peers) {
        ((StrictNioEndpoint) getEndpoint()).limit(Objects.requireNonNull(peers, "peers"));
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
     * Tomcat compresses whenever gzip is acceptable; a client that ranks {@code identity} above gzip
     * gets its answer as it is ({@link #prefersIdentity}), still with {@code Vary: Accept-Encoding}.
     */
    @Override
    public boolean useCompression(Request request, Response response) {
        long length = response.getContentLengthLong();
        boolean compress = super.useCompression(request, response);
        if (compress && prefersIdentity(request.getMimeHeaders())) {
            // Tomcat marks the answer as it decides (Content-Encoding, no length): unmark it; its Vary stays.
            response.getMimeHeaders().removeHeader("Content-Encoding");
            response.setContentLength(length);
            compress = false;
        }
        if (!request.protocol().equals(HTTP_2)) {
            HeadFieldBytes.encode(response.getMimeHeaders());
        }
        return compress;
    }

    /**
     * Whether {@code Accept-Encoding} names {@code identity} with a higher qvalue than gzip's (or than
     * {@code *}'s when gzip is not named): RFC 9110 §12.5.3, a qvalue is the client's preference, so
     * {@code gzip;q=0.5, identity} asks for the answer uncompressed. Unparsable values leave
     * Tomcat's decision as it is.
     */
    static boolean prefersIdentity(MimeHeaders headers) {
        double gzip = -1;
        double identity = -1;
        double any = -1;
        Enumeration<String> values = headers.values("accept-encoding");
        try {
            while (values.hasMoreElements()) {
                for (AcceptEncoding coding : AcceptEncoding.parse(new StringReader(values.nextElement()))) {
                    switch (coding.getEncoding().toLowerCase(Locale.ROOT)) {
                        case "gzip", "x-gzip" -> gzip = Math.max(gzip, coding.getQuality());
                        case "identity" -> identity = Math.max(identity, coding.getQuality());
                        case "*" -> any = Math.max(any, coding.getQuality());
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            return false;
        }
        return identity > (gzip >= 0 ? gzip : any);
    }
}
