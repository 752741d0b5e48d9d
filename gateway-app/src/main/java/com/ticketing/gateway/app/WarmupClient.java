package com.ticketing.gateway.app;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The warm-up's HTTP/1.1 client: one keep-alive connection to the loopback address that sends
 * prepared requests and reads each answer whole (interim 1xx answers skipped; a body by
 * Content-Length, chunked, or up to the end of the connection), reconnecting when the server closes. Far cheaper than a general client, so the warm-up's CPU goes to the gateway's
 * code. Not thread-safe: one per driving thread.
 */
final class WarmupClient implements AutoCloseable {

    /** The host the warm-up's API requests name: a name, as behind an ingress. */
    static final String HOST = "localhost";
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int MAX_HEAD = 64 * 1024;

    private final InetSocketAddress server;
    private final byte[] head = new byte[MAX_HEAD];
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int buffered;
    private int position;
    /** The answer being read: its Content-Length (-1 for none), chunked, and whether the server closes after it. */
    private long length;
    private boolean chunked;
    private boolean closes;

    WarmupClient(InetSocketAddress server) {
        this.server = server;
    }

    /** The bytes of {@code GET path}, with {@code authorization} as its Authorization header when not null. */
    static byte[] get(String path, String authorization) {
        return get(path, authorization, HOST);
    }

    /** The bytes of {@code GET path} to {@code host}, with {@code authorization} when not null. */
    static byte[] get(String path, String authorization, String host) {
        return request("GET", path, host, authorization, null, null);
    }

    /**
     * The bytes of a request to {@link #HOST}; {@code authorization}, {@code idempotencyKey} and a
     * JSON {@code body} when not null.
     */
    static byte[] request(String method, String path, String authorization, String idempotencyKey, String body) {
        return request(method, path, HOST, authorization, idempotencyKey, body);
    }

    private static byte[] request(String method, String path, String host, String authorization, String idempotencyKey,
                                  String body) {
        StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\n");
        if (authorization != null) {
            request.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (idempotencyKey != null) {
            request.append("Idempotency-Key: ").append(idempotencyKey).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            request.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        byte[] head = request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + content.length);
        System.arraycopy(content, 0, all, head.length, content.length);
        return all;
    }

    /**
     * Sends {@code request} (from {@link #get} or {@link #request}) and reads its answer.
     *
     * @return the answer's status code
     * @throws IOException when the exchange fails; the next call connects anew
     */
    int send(byte[] request) throws IOException {
        try {
            if (socket == null) {
                connect();
            }
            out.write(request);
            out.flush();
            return readAnswer();
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(server, TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        buffered = 0;
        position = 0;
    }

    private int readAnswer() throws IOException {
        int status;
        do {
            status = readHead();
        } while (status / 100 == 1);
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                skip(size);
                readLine();
            }
            while (!readLine().isEmpty()) {
                // trailer fields
            }
        } else if (length >= 0) {
            skip(length);
        } else if (status != 204 && status != 304) {
            skipToEnd();
            closes = true;
        }
        if (closes) {
            close();
        }
        return status;
    }

    /** Reads a status line and its header fields; returns the status code. */
    private int readHead() throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        length = -1;
        chunked = false;
        closes = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closes = value.contains("close");
                default -> { }
            }
        }
        return status;
    }

    private void skipToEnd() throws IOException {
        position = buffered;
        while (in.read(head, 0, head.length) >= 0) {
            // a body that ends with the connection
        }
        buffered = 0;
        position = 0;
    }

    private long chunkSize() throws IOException {
        String line = readLine();
        int extension = line.indexOf(';');
        return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    /** One line without its CRLF. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = read();
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_HEAD) {
                throw new IOException("line longer than " + MAX_HEAD + " bytes");
            }
            line.append((char) b);
        }
    }

    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (position == buffered) {
                fill();
            }
            int taken = (int) Math.min(left, buffered - position);
            position += taken;
            left -= taken;
        }
    }

    private int read() throws IOException {
        if (position == buffered) {
            fill();
        }
        return head[position++] & 0xff;
    }

    private void fill() throws IOException {
        int n = in.read(head, 0, head.length);
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        buffered = n;
        position = 0;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
