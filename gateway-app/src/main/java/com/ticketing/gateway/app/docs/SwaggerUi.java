package com.ticketing.gateway.app.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Swagger UI's page and the few static files it needs, read once from its webjar
 * ({@code org.webjars:swagger-ui}) into memory. Immutable.
 *
 * @param files file name to its bytes and content type
 */
record SwaggerUi(Map<String, Asset> files) {

    /** One static file. */
    record Asset(byte[] bytes, String contentType) {
    }

    static final String INDEX = "index.html";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final Map<String, String> NEEDED = Map.of("swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "swagger-ui.css", "text/css; charset=utf-8", "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    Optional<Asset> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    /** The page for the document at {@code documentPath} (same origin: "Try it out" calls this gateway). */
    static SwaggerUi fromWebjar(String documentPath) {
        ClassLoader loader = SwaggerUi.class.getClassLoader();
        String version = version(loader);
        Map<String, Asset> files = new java.util.HashMap<>();
        NEEDED.forEach((name, type) -> files.put(name, new Asset(read(loader, WEBJAR + version + "/" + name), type)));
        String index = """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Ticketing API gateway: API v1</title>
                  <link rel="stylesheet" href="swagger-ui.css">
                  <link rel="icon" type="image/png" href="favicon-32x32.png" sizes="32x32">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="swagger-ui-bundle.js"></script>
                  <script>
                    window.ui = SwaggerUIBundle({ url: "%s", dom_id: "#swagger-ui", deepLinking: true,
                      tryItOutEnabled: false, persistAuthorization: false });
                  </script>
                </body>
                </html>
                """.formatted(documentPath);
        files.put(INDEX, new Asset(index.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8"));
        return new SwaggerUi(Map.copyOf(files));
    }

    private static String version(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no " + path + " in the swagger-ui webjar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
