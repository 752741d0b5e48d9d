package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BiConsumer;

/** Headers every response carries; HSTS only when the request came over TLS. */
public final class SecurityHeaders extends EdgeStep {

    @Override
    public void apply(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        write(request.isSecure(), response::setHeader);
        chain.doFilter(request, response);
    }

    /** Sets the headers on any answer, also one the container writes before the filter ({@code header}: name, value). */
    static void write(boolean secure, BiConsumer<String, String> header) {
        header.accept("X-Content-Type-Options", "nosniff");
        header.accept("Referrer-Policy", "no-referrer");
        header.accept("X-Frame-Options", "DENY");
        if (secure) {
            header.accept("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }
}
