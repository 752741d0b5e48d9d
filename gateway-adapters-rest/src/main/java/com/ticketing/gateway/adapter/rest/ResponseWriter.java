package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.service.ApiResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes successful answers: JSON body, {@code Location}, and caching headers with conditional GET. */
public final class ResponseWriter {

    /** The smallest body the container compresses (and so answers with {@code Vary: Accept-Encoding}). */
    private final long compressedFrom;

    /**
     * @param compressedFrom the container's {@code server.compression.min-response-size} in bytes,
     *                       or {@link Long#MAX_VALUE} when it compresses nothing
     */
    public ResponseWriter(long compressedFrom) {
        this.compressedFrom = compressedFrom;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ApiResult.Success success,
                      boolean carriesTokens) throws IOException {
        success.location().ifPresent(location -> response.setHeader("Location", location));
        if (success.stale()) {
            // The service is unavailable: an expired copy, said so, and not to be cached further.
            response.setHeader("X-Cache", "STALE");
            response.setHeader("Warning", "110 - \"Response is Stale\"");
            response.setHeader("Cache-Control", "no-cache");
            success.etag().ifPresent(etag -> response.setHeader("ETag", etag));
            if (success.etag().isPresent() && matches(request.getHeader("If-None-Match"), success.etag().get())) {
                notModified(response, success); // the client holds this very copy
                return;
            }
        } else if (success.etag().isPresent()) {
            String etag = success.etag().get();
            response.setHeader("ETag", etag);
            response.setHeader("Cache-Control", "public, max-age=" + success.maxAge().toSeconds());
            if (matches(request.getHeader("If-None-Match"), etag)) {
                notModified(response, success);
                return;
            }
        } else {
            response.setHeader("Cache-Control", carriesTokens ? "no-store" : "no-cache");
        }
        response.setStatus(success.status());
        if (success.json().length > 0 && success.status() != 204) {
            response.setContentType("application/json");
            response.setContentLength(success.json().length);
            response.getOutputStream().write(success.json());
        }
    }

    /**
     * RFC 9110 §15.4.5: the 304 says what the 200 would, the container's {@code Vary} included,
     * which it adds only to a body it may compress.
     */
    private void notModified(HttpServletResponse response, ApiResult.Success success) {
        if (success.json().length >= compressedFrom) {
            response.addHeader("Vary", "Accept-Encoding");
        }
        response.setStatus(304);
    }

    /** Weak comparison (RFC 9110 §13.1.2): tags match when their opaque parts do, {@code W/} or not. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || opaque(c).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
