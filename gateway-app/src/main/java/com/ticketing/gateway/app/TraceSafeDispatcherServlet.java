package com.ticketing.gateway.app;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Spring MVC's front servlet (the operations endpoints, the error pages) with TRACE answered by
 * the handler mappings alone, like any method: 405 with the handler's {@code Allow}, or 404.
 * {@code FrameworkServlet} would go on to {@code HttpServlet.doTrace}, which echoes the request's
 * head, unless a handler answered {@code message/http}; with the answer already written that
 * echo fails and is logged as an error twice, and with an answer of unknown length it would be
 * appended to it.
 */
final class TraceSafeDispatcherServlet extends DispatcherServlet {

    TraceSafeDispatcherServlet() {
        setDispatchTraceRequest(true);
    }

    @Override
    protected void doTrace(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        processRequest(request, response);
    }
}
