package com.ticketing.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A minimal HTTP/1.1 keep-alive client connection for the load generator: it writes a prepared
 * request in one write (TCP_NODELAY on), reads the status line and headers, and skips the body
 * (Content-Length or chunked). Cheap on CPU, so the generator leaves as much of the 2 cores as
 * possible to the system under test. It reconnects when the server closed the connection
 * ({@code Connection: close}, e.g. Tomcat's max-keep-alive-requests, or an idle time-out) and
 * retries once when a reused connection turns out to be closed before any answer byte arrived.
 * Not thread-safe: one per worker.
 */
public final class HttpConnection implements AutoCloseable {

    private final InetSocketAddress address;
    private final int timeoutMillis;
    private final byte[] buffer = new byte[16 * 1024];
    private final byte[] line = new byte[8 * 1024];
    private int lineLength;
    private int position;
    private int limit;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long connects;
    private boolean answerStarted;

    public HttpConnection(String host, int port, int timeoutMillis) {
        this.address = new InetSocketAddress(host, port);
        this.timeoutMillis = timeoutMillis;
    }

    /** How many TCP connections this client has opened so far. */
    public long connects() {
        return connects;
    }

    public boolean isOpen() {
        return socket != null;
    }

    /** Sends {@code request} (a complete HTTP/1.1 request) and reads the answer; its status. */
    public int exchange(byte[] request) throws IOException {
        boolean reused = socket != null;
        try {
            return attempt(request);
        } catch (IOException e) {
            closeQuietly();
            if (!reused || answerStarted) {
                throw e;
            }
            return attempt(request);
        }
    }

    private int attempt(byte[] request) throws IOException {
        answerStarted = false;
        if (socket == null) {
            open();
        }
        out.write(request);
        out.flush();
        return readAnswer();
    }

    private void open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(address, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        position = 0;
        limit = 0;
        connects++;
    }

    private int readAnswer() throws IOException {
        readLine();
        if (lineLength < 12 || line[0] != 'H' || line[1] != 'T') {
            throw new IOException("not an HTTP answer: " + new String(line, 0, Math.min(lineLength, 80),
                    StandardCharsets.ISO_8859_1));
        }
        int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        while (true) {
            readLine();
            if (lineLength == 0) {
                break;
            }
            if (startsWithIgnoreCase("content-length:")) {
                contentLength = Long.parseLong(value("content-length:".length()));
            } else if (startsWithIgnoreCase("transfer-encoding:")) {
                chunked = value("transfer-encoding:".length()).toLowerCase().contains("chunked");
            } else if (startsWithIgnoreCase("connection:")) {
                close = value("connection:".length()).equalsIgnoreCase("close");
            }
        }
        if (chunked) {
            while (true) {
                readLine();
                int end = 0;
                while (end < lineLength && line[end] != ';' && line[end] != ' ') {
                    end++;
                }
                long size = Long.parseLong(new String(line, 0, end, StandardCharsets.ISO_8859_1), 16);
                if (size == 0) {
                    do {
                        readLine(); // trailers, then the empty line
                    } while (lineLength > 0);
                    break;
                }
                skip(size);
                readLine();
            }
        } else if (contentLength > 0) {
            skip(contentLength);
        } else if (contentLength < 0 && status >= 200 && status != 204 && status != 304) {
            // No length: the body ends when the server closes.
            while (fill()) {
                position = limit;
            }
            close = true;
        }
        if (close) {
            closeQuietly();
        }
        return status;
    }

    private String value(int from) {
        return new String(line, from, lineLength - from, StandardCharsets.ISO_8859_1).trim();
    }

    private boolean startsWithIgnoreCase(String prefix) {
        if (lineLength < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            int c = line[i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Reads one line without its CR LF into {@link #line}. */
    private void readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed by the server");
            }
            byte b = buffer[position++];
            answerStarted = true;
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return;
            }
            if (lineLength == line.length) {
                throw new IOException("header line too long");
            }
            line[lineLength++] = b;
        }
    }

    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("body cut short");
            }
            int n = (int) Math.min(left, limit - position);
            position += n;
            left -= n;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private void closeQuietly() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
        position = 0;
        limit = 0;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    /** Header lines every request built from now on carries; set once, before the first request is built. */
    private static volatile List<String> defaultHeaders = List.of();

    /** Makes every request built from now on carry {@code headers} (each without CR LF). */
    public static void defaultHeaders(List<String> headers) {
        defaultHeaders = List.copyOf(headers);
    }

    /** A GET request with the given extra header lines (each without CR LF). */
    public static byte[] get(String hostHeader, String path, String... headers) {
        return request("GET", hostHeader, path, null, headers);
    }

    /** A request; {@code jsonBody} null for none. */
    public static byte[] request(String method, String hostHeader, String path, String jsonBody, String... headers) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("User-Agent: ticketing-load-harness\r\n")
                .append("Accept: application/json\r\n");
        for (String header : defaultHeaders) {
            sb.append(header).append("\r\n");
        }
        for (String header : headers) {
            sb.append(header).append("\r\n");
        }
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        if (jsonBody != null) {
            sb.append("Content-Type: application/json\r\n").append("Content-Length: ").append(body.length)
                    .append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }
}
