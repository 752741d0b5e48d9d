package com.ticketing.gateway.app.docs;

import com.ticketing.gateway.adapter.rest.AddressLimit;
import com.ticketing.gateway.adapter.rest.ProblemMapping;
import com.ticketing.gateway.adapter.rest.ProblemWriter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Serves the generated OpenAPI document and the Swagger UI page from memory: {@code GET} (and
 * {@code HEAD}) only; {@code /docs} redirects to {@code /docs/}; anything else is a problem. The
 * document, a public API route, counts against its client address's public limit.
 */
final class ApiDocsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final byte[] document;
    private final transient SwaggerUi ui;
    private final transient ProblemWriter problems;
    private final transient AddressLimit limit;

    ApiDocsServlet(byte[] document, SwaggerUi ui, ProblemWriter problems, AddressLimit limit) {
        this.document = document.clone();
        this.ui = ui;
        this.problems = problems;
        this.limit = limit;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            problems.write(request, response, ProblemMapping.methodNotAllowed()
                    .withHeader("Allow", "GET, HEAD"));
            return;
        }
        if (ApiDocsConfiguration.DOCUMENT_PATH.equals(request.getServletPath())) {
            if (limit.admit(request, response)) {
                write(request, response, new SwaggerUi.Asset(document, "application/json"));
            }
            return;
        }
        String file = request.getPathInfo();
        if (file == null) {
            response.setStatus(302);
            response.setHeader("Location", "/docs/");
            return;
        }
        Optional<SwaggerUi.Asset> asset = ui.file(file.equals("/") ? SwaggerUi.INDEX : file.substring(1));
        if (asset.isEmpty()) {
            problems.write(request, response, ProblemMapping.notFound());
            return;
        }
        write(request, response, asset.get());
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, SwaggerUi.Asset asset)
            throws IOException {
        response.setStatus(200);
        response.setContentType(asset.contentType());
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(asset.bytes().length);
        if ("GET".equals(request.getMethod())) {
            response.getOutputStream().write(asset.bytes());
        }
    }
}
