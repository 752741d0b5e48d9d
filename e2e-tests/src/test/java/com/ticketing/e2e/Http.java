package com.ticketing.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client against the gateway's port, with small helpers for JSON calls. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Http(int port) {
        this.base = "http://localhost:" + port;
    }

    /** One answer: status, headers and the body parsed as JSON when it is JSON. */
    record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    }

    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String path, String token, String... headers) {
        HttpRequest.Builder b = request(path).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    Answer post(String path, String token, String json, String... headers) {
        return withBody("POST", path, token, json, headers);
    }

    Answer put(String path, String token, String json) {
        return withBody("PUT", path, token, json);
    }

    Answer delete(String path, String token) {
        HttpRequest.Builder b = request(path).DELETE();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    /** A DELETE that sends a JSON body, which no route of the contract takes. */
    Answer delete(String path, String token, String json) {
        return withBody("DELETE", path, token, json);
    }

    private Answer withBody(String method, String path, String token, String json, String... headers) {
        HttpRequest.Builder b = request(path).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    /**
     * Reads a {@code text/event-stream} until {@code until} accepts an event's data or the stream
     * ends; returns the data of every event read, in order.
     */
    List<JsonNode> events(String path, String token, java.util.function.Predicate<JsonNode> until) {
        HttpRequest request = request(path).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET().build();
        List<JsonNode> events = new ArrayList<>();
        try {
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new AssertionError("stream answered " + response.statusCode());
            }
            try (Stream<String> lines = response.body()) {
                var it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("data: ")) {
                        JsonNode data = JSON.readTree(line.substring(6));
                        events.add(data);
                        if (until.test(data)) {
                            break;
                        }
                    }
                }
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A {@code text/event-stream} answer as read: status, headers and the raw lines of the body. */
    record EventStream(int status, java.net.http.HttpHeaders headers, List<String> lines) {

        /** The {@code data:} of every event, parsed as JSON. */
        List<JsonNode> data() {
            return lines.stream().filter(l -> l.startsWith("data: ")).map(l -> JSON.readTree(l.substring(6))).toList();
        }

        /** The {@code id:} of every event, in order. */
        List<String> ids() {
            return lines.stream().filter(l -> l.startsWith("id: ")).map(l -> l.substring(4)).toList();
        }
    }

    /**
     * Opens an event stream with {@code headers} (name, value pairs) and reads its lines until
     * {@code until} accepts the lines read so far or the stream ends.
     */
    EventStream stream(String path, java.util.function.Predicate<List<String>> until, String... headers) {
        HttpRequest.Builder b = request(path).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        List<String> lines = new ArrayList<>();
        try {
            HttpResponse<Stream<String>> response = client.send(b.build(), HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> body = response.body()) {
                var it = body.iterator();
                while (!until.test(lines) && it.hasNext()) {
                    lines.add(it.next());
                }
            }
            return new EventStream(response.statusCode(), response.headers(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
