package com.ticketing.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests {@link java.net.http.HttpClient} refuses to send:
 * raw paths ({@code /../}, {@code \}, {@code %00}), control characters in headers, conflicting
 * framing, unknown methods. Reads one response; the connection is closed afterwards.
 */
final class RawHttp {

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    int port() {
        return port;
    }

    /** One response as read from the wire; header names lower-cased, the first value of each kept. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A request head: the lines (without CRLF) are joined by CRLF and ended by an empty line. */
    static byte[] head(String... lines) {
        return (String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    Response send(byte[] request) {
        try (Socket socket = new Socket("localhost", port)) {
            return exchange(socket, request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The response, and whether the server then closed the connection (within two seconds). */
    record Closing(Response response, boolean closed) {
    }

    Closing sendAndWatchClose(byte[] request) {
        try (Socket socket = new Socket("localhost", port)) {
            Response response = exchange(socket, request);
            socket.setSoTimeout(2_000);
            boolean closed;
            try {
                closed = socket.getInputStream().read() < 0;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true; // reset
            }
            return new Closing(response, closed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the server did with a request sent slowly: {@code start} at once, then {@code piece}
     * every {@code pace} (at most {@code pieces} times, while the server takes them).
     *
     * @param response        the answer, or null when there was none (closed, or still open after 20 s)
     * @param answeredAfter   from the first byte sent to the answer (or to the close)
     * @param closedAfterward whether the server closed the connection (within a second of answering)
     */
    record Dripped(Response response, java.time.Duration answeredAfter, boolean closedAfterward) {
    }

    Dripped drip(byte[] start, byte[] piece, java.time.Duration pace, int pieces) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            long begin = System.nanoTime();
            out.write(start);
            out.flush();
            Thread dripper = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < pieces; i++) {
                        Thread.sleep(pace);
                        out.write(piece);
                        out.flush();
                    }
                } catch (IOException | InterruptedException stopped) {
                    // the server closed the connection, or the answer came
                }
            });
            try {
                InputStream in = socket.getInputStream();
                Response response;
                try {
                    response = read(in);
                } catch (SocketTimeoutException stillOpen) {
                    return new Dripped(null, java.time.Duration.ofNanos(System.nanoTime() - begin), false);
                } catch (IOException closedWithoutAnswer) {
                    return new Dripped(null, java.time.Duration.ofNanos(System.nanoTime() - begin), true);
                }
                java.time.Duration after = java.time.Duration.ofNanos(System.nanoTime() - begin);
                return new Dripped(response, after, closedWithin(socket, 1_000));
            } finally {
                dripper.interrupt();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server closes (or resets) the connection within {@code millis}. */
    static boolean closedWithin(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static Response exchange(Socket socket, byte[] request) throws IOException {
        socket.setSoTimeout(15_000);
        OutputStream out = socket.getOutputStream();
        try {
            out.write(request);
            out.flush();
        } catch (IOException e) {
            // The server may answer and close before it has read all of an oversized request.
        }
        return read(socket.getInputStream());
    }

    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a response head: "
                        + headBytes.toString(StandardCharsets.ISO_8859_1));
            }
            headBytes.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body;
        String length = headers.get("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked(in);
        } else if (status == 204 || status == 304) {
            body = new byte[0];
        } else {
            body = untilClosed(in);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                line(in);
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] untilClosed(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (SocketTimeoutException e) {
            return new byte[0];
        }
    }
}
