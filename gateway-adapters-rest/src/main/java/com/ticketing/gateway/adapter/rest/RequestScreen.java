package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The first look at every request, before routing, authentication and before any other filter
 * reads a body: refuses, as problem+json and in the security log, a request target longer than
 * {@link HttpLimits#maxUriLength()} (414), an unsafe path ({@link SafePaths}, 400), header names
 * with underscores (400), a repeated or oversized {@code Authorization} header (400 / 431, before
 * any token is parsed), credentials in the query string (400; never read further, never
 * logged), a declared body over {@link HttpLimits#maxBodyBytes()} (413), any body that is not
 * JSON (415, so that no form or multipart parser buffers it) and any content-encoded body (415).
 * Also resolves the client address once, for the security log and the limits.
 */
public final class RequestScreen extends EdgeStep {

    private static final Problem AUTHORIZATION_TWICE = ProblemMapping.sentTwice("Authorization");
    private static final Problem CONTENT_TYPE_TWICE = ProblemMapping.sentTwice("Content-Type");

    /** Query parameters that carry credentials in other APIs; this one takes them only as headers. */
    static final Set<String> CREDENTIAL_PARAMETERS = Set.of("access_token", "token", "refresh_token", "id_token",
            "authorization", "api_key", "apikey", "jwt");

    private final HttpLimits limits;
    private final ProblemWriter problems;
    private final TrustedProxies proxies;

    public RequestScreen(HttpLimits limits, ProblemWriter problems, TrustedProxies proxies) {
        this.limits = limits;
        this.problems = problems;
        this.proxies = proxies;
    }

    @Override
    public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        proxies.clientAddress(request); // resolved once, for the security log and the limits
        try {
            screen(request);
        } catch (RejectedRequest refused) {
            if (refused.securityReason() != null) {
                SecurityLog.record(request, SecurityLog.Event.REQUEST_REFUSED, refused.securityReason());
            }
            if (refused.problem().status() == 413 || refused.problem().status() == 431) {
                response.setHeader("Connection", "close");
            }
            problems.write(request, response, refused.problem());
            return;
        }
        chain.doFilter(request, response);
    }

    void screen(HttpServletRequest request) throws RejectedRequest {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        long targetLength = (path == null ? 0 : path.length()) + (query == null ? 0 : query.length() + 1);
        if (targetLength > limits.maxUriLength()) {
            throw new RejectedRequest(ProblemMapping.uriTooLong(limits.maxUriLength()), "uri_too_long");
        }
        List<String> segments = SafePaths.segments(path);
        if (segments == null) {
            throw RequestReader.badPath();
        }
        RequestReader.rememberSegments(request, path, segments);
        headers(request);
        if (query != null) {
            credentialsInQuery(query);
        }
        body(request);
    }

    private void headers(HttpServletRequest request) throws RejectedRequest {
        Enumeration<String> names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            if (names.nextElement().indexOf('_') >= 0) {
                throw new RejectedRequest(ProblemMapping.underscoreHeader(), "underscore_header");
            }
        }
        String authorization = RequestReader.single(request, "Authorization", AUTHORIZATION_TWICE,
                "duplicate_authorization");
        if (authorization != null && authorization.length() > limits.maxCredentialLength()) {
            throw new RejectedRequest(ProblemMapping.credentialTooLong(limits.maxCredentialLength()),
                    "credential_too_long");
        }
    }

    private static void credentialsInQuery(String query) throws RejectedRequest {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = RequestReader.decodeForm(eq < 0 ? pair : pair.substring(0, eq));
            if (name != null && CREDENTIAL_PARAMETERS.contains(name.trim().toLowerCase(Locale.ROOT))) {
                throw new RejectedRequest(ProblemMapping.invalidField(name.trim().toLowerCase(Locale.ROOT),
                        "credentials are not accepted in the query string; send them in the Authorization header"),
                        "credentials_in_query");
            }
        }
    }

    private void body(HttpServletRequest request) throws RejectedRequest {
        if (!RequestReader.hasBody(request)) {
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > limits.maxBodyBytes()) {
            throw RequestReader.tooLarge();
        }
        // RFC 9110 §8.3: one media type
        RequestReader.single(request, "Content-Type", CONTENT_TYPE_TWICE, "duplicate_content_type");
        if (!RequestReader.isJson(request.getContentType())) {
            throw new RejectedRequest(ProblemMapping.bodyNotJson());
        }
        contentCoding(request);
    }

    /**
     * Request bodies are taken as sent: any {@code Content-Encoding} but {@code identity} (gzip,
     * br, deflate, anything unknown) is refused with 415 and {@code Accept-Encoding: identity}
     * (RFC 9110 §15.5.16), never inflated (no decompression bomb) nor parsed as if it were JSON.
     */
    private static void contentCoding(HttpServletRequest request) throws RejectedRequest {
        Enumeration<String> values = request.getHeaders("Content-Encoding");
        while (values != null && values.hasMoreElements()) {
            for (String coding : values.nextElement().split(",")) {
                String name = coding.trim();
                if (!name.isEmpty() && !name.equalsIgnoreCase("identity")) {
                    throw new RejectedRequest(ProblemMapping.contentEncoded(), "content_encoding");
                }
            }
        }
    }
}
