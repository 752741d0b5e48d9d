package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HeadFieldBytes} on its own, and {@link StrictHttp11Protocol} against Tomcat's own
 * {@code Http11NioProtocol} on real sockets: the same servlet answers on both connectors, and
 * every response head must be byte for byte the same (but the {@code Date} line), and every
 * request head must read the same through the servlet API (names, values, cookies).
 */
class HeadFieldBytesTest {

    private static final Pattern DATE = Pattern.compile("\r\nDate: [^\r]*");

    /** The header fields each case sets, in order ({@code name: value} pairs). */
    private static final Map<String, List<String>> CASES = Map.of(
            "ascii", List.of("X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer",
                    "X-Long", "a value longer than thirty-two bytes, so that a later number reuses it",
                    "RateLimit-Remaining", "59999999"),
            "latin1", List.of("X-Latin", "caf\u00e9 \u00ff\u0080"),
            "controls", List.of("X-Controls", "a\u0001b\u007fc\td\re\nf\u0000g", "X-Name\u0002d", "v"),
            "empty", List.of("X-Empty", ""),
            "beyond", List.of("X-Beyond", "\u20ac uro", "X-After", "kept?"),
            "short", List.of("X-S", "1"));

    private static Tomcat tomcat;
    private static int strictPort;
    private static int plainPort;

    @BeforeAll
    static void start(@TempDir java.nio.file.Path base) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector strict = new Connector(StrictHttp11Protocol.class.getName());
        strict.setPort(0);
        tomcat.setConnector(strict);
        Connector plain = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        plain.setPort(0);
        tomcat.getService().addConnector(plain);
        Context context = tomcat.addContext("", base.toString());
        Tomcat.addServlet(context, "fields", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                if (request.getRequestURI().equals("/echo")) {
                    echo(request, response);
                    return;
                }
                List<String> fields = CASES.get(request.getRequestURI().substring(1));
                if (fields == null) {
                    response.setStatus(404);
                    return;
                }
                for (int i = 0; i < fields.size(); i += 2) {
                    response.addHeader(fields.get(i), fields.get(i + 1));
                }
                response.setContentType("text/plain");
                byte[] body = ("body of " + request.getRequestURI()).getBytes(StandardCharsets.US_ASCII);
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
        });
        context.addServletMappingDecoded("/*", "fields");
        tomcat.start();
        strictPort = strict.getLocalPort();
        plainPort = plain.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void everyHeadIsWhatTomcatItselfWritesOnOneKeepAliveConnectionAfterAnother() throws IOException {
        // One connection per connector, every case twice in a row and in two orders, so that
        // fields and their buffers are reused by later responses of other shapes.
        List<String> order = new ArrayList<>(List.of("ascii", "latin1", "controls", "empty", "short", "ascii",
                "short", "controls", "latin1", "ascii", "empty", "beyond", "short", "ascii"));
        List<String> strict = exchange(strictPort, order, "GET");
        List<String> plain = exchange(plainPort, order, "GET");
        assertThat(strict).hasSize(order.size());
        for (int i = 0; i < order.size(); i++) {
            assertThat(withoutDate(strict.get(i))).as("%s (#%d)", order.get(i), i).isEqualTo(withoutDate(plain.get(i)));
        }
        assertThat(strict.get(0)).contains("\r\nX-Long: a value longer than thirty-two bytes, so that a later number reuses it\r\n");
        assertThat(strict.get(1)).contains("\r\nX-Latin: caf\u00e9 \u00ff\u0080\r\n"); // one byte each, ISO-8859-1
        assertThat(strict.get(2)).contains("\r\nX-Controls: a b c\td e f g\r\n", "\r\nX-Name d: v\r\n");
        assertThat(strict.get(3)).contains("\r\nX-Empty: \r\n");
        assertThat(strict.get(4)).contains("\r\nX-S: 1\r\n").doesNotContain("X-Long", "X-Latin");
    }

    @Test
    void aHeadRequestIsAnsweredAsTomcatAnswersIt() throws IOException {
        List<String> order = List.of("ascii", "latin1", "ascii");
        List<String> strict = exchange(strictPort, order, "HEAD");
        List<String> plain = exchange(plainPort, order, "HEAD");
        for (int i = 0; i < order.size(); i++) {
            assertThat(withoutDate(strict.get(i))).isEqualTo(withoutDate(plain.get(i)));
        }
        assertThat(strict.get(1)).contains("\r\nX-Latin: caf\u00e9 \u00ff\u0080\r\n");
    }

    @Test
    void aStringFieldBecomesItsBytesInTheFieldsOwnBuffer() {
        MimeHeaders headers = new MimeHeaders();
        headers.addValue("X-A").setString("a long enough value for the buffer");
        headers.addValue("X-B").setString("caf\u00e9\u0007");
        headers.addValue("X-C").setString("\u20ac");
        headers.addValue("X-D").setLong(42);
        HeadFieldBytes.encode(headers);

        assertThat(headers.getName(0).getType()).isEqualTo(MessageBytes.T_BYTES);
        assertThat(headers.getValue(0).getType()).isEqualTo(MessageBytes.T_BYTES);
        assertThat(bytes(headers.getValue(0))).isEqualTo("a long enough value for the buffer".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(bytes(headers.getValue(1))).containsExactly('c', 'a', 'f', 0xE9 - 256, ' ');
        assertThat(headers.getValue(1).toString()).isEqualTo("caf\u00e9 ");
        assertThat(headers.getName(2).getType()).isEqualTo(MessageBytes.T_BYTES);
        assertThat(headers.getValue(2).getType()).as("beyond ISO-8859-1: left to Tomcat").isEqualTo(MessageBytes.T_STR);
        assertThat(headers.getValue(2).getString()).isEqualTo("\u20ac");
        assertThat(headers.getValue("X-D").getLong()).isEqualTo(42);

        // A shorter value on the same field later is written into the buffer the field kept.
        byte[] kept = headers.getValue(0).getByteChunk().getBuffer();
        char[] keptChars = headers.getValue(0).getCharChunk().getBuffer();
        headers.getValue(0).setString("short");
        HeadFieldBytes.encode(headers.getValue(0));
        assertThat(headers.getValue(0).getByteChunk().getBuffer()).isSameAs(kept);
        assertThat(headers.getValue(0).getCharChunk().getBuffer()).as("the characters' buffer too").isSameAs(keptChars);
        assertThat(bytes(headers.getValue(0))).isEqualTo("short".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(headers.getValue(0).toString()).isEqualTo("short");
    }

    /** The request's head as the servlet API reads it, every character as its code point. */
    private static void echo(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : java.util.Collections.list(request.getHeaderNames())) {
            out.append(codePoints(name)).append(':');
            for (String value : java.util.Collections.list(request.getHeaders(name))) {
                out.append(' ').append(codePoints(value)).append(" |");
            }
            out.append('\n');
        }
        out.append("single authorization: ").append(codePoints(String.valueOf(request.getHeader("authorization")))).append('\n');
        out.append("content type: ").append(request.getContentType()).append(", length ").append(request.getContentLengthLong()).append('\n');
        if (request.getCookies() != null) {
            for (jakarta.servlet.http.Cookie cookie : request.getCookies()) {
                out.append("cookie ").append(codePoints(cookie.getName())).append('=').append(codePoints(cookie.getValue())).append('\n');
            }
        }
        byte[] body = out.toString().getBytes(StandardCharsets.US_ASCII);
        response.setContentType("text/plain");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String codePoints(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c < 0x20 || c > 0x7E ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }

    @Test
    void everyRequestHeadReadsAsTomcatItselfReadsItOnOneKeepAliveConnection() throws IOException {
        // Raw heads, ISO-8859-1 on the wire: bytes 0x80-0xFF, a tab, empty and repeated fields,
        // cookies (which Tomcat's parser reads as bytes), each head twice so that fields are reused.
        List<String> heads = List.of(
                "Host: localhost\r\nAuthorization: Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln\r\n"
                        + "X-Request-Id: r-1\r\nAccept: */*\r\n",
                "Host: localhost\r\nX-Latin: caf\u00e9 \u00ff\u0080\u00a0end\r\nX-Tab: a\tb\r\nX-Empty:\r\n"
                        + "X-Twice: one\r\nx-twice: two\r\n",
                "Host: localhost\r\nCookie: a=1; b=caf\u00e9\r\nCookie: c=\"q\"\r\nOrigin: https://app.example\r\n",
                "Host: localhost\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 0\r\n"
                        + "Authorization: Basic dTpw\r\nAuthorization: Bearer second\r\n",
                "Host: localhost\r\nX-Only: \u00e9\r\n");
        List<String> strict = echoes(strictPort, heads);
        List<String> plain = echoes(plainPort, heads);
        assertThat(strict).hasSize(heads.size() * 2);
        for (int i = 0; i < strict.size(); i++) {
            assertThat(body(strict.get(i))).as("head #%d", i).isEqualTo(body(plain.get(i)));
        }
        assertThat(body(strict.get(0))).contains("Authorization: Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln |");
        assertThat(body(strict.get(2))).contains("X-Latin: caf\\u00e9 \\u00ff\\u0080\\u00a0end |", "X-Tab: a\\u0009b |",
                "X-Empty:  |", "X-Twice: one | two |");
        assertThat(body(strict.get(4))).contains("cookie a=1", "cookie c=\"q\"");
        assertThat(body(strict.get(6))).contains("Authorization: Basic dTpw | Bearer second |",
                "content type: application/json; charset=utf-8, length 0");
    }

    @Test
    void aRequestsByteFieldsBecomeTheStringsTomcatMakesButCookies() {
        MimeHeaders headers = new MimeHeaders();
        byte[] wire = "AuthorizationBearer t\u00e9CookieA=\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        headers.addValue(wire, 0, 13).setBytes(wire, 13, 9);
        headers.addValue(wire, 22, 6).setBytes(wire, 28, 3);
        headers.addValue("X-Set").setString("already a string");
        HeadFieldBytes.decode(headers);

        assertThat(headers.getName(0).getType()).isEqualTo(MessageBytes.T_STR);
        assertThat(headers.getName(0).toString()).isEqualTo("Authorization");
        assertThat(headers.getValue(0).getType()).isEqualTo(MessageBytes.T_STR);
        assertThat(headers.getValue(0).toString()).isEqualTo("Bearer t\u00e9");
        assertThat(headers.getName(1).toString()).isEqualTo("Cookie");
        assertThat(headers.getValue(1).getType()).as("the cookie parser reads bytes").isEqualTo(MessageBytes.T_BYTES);
        assertThat(headers.getValue(2).getString()).isEqualTo("already a string");
        assertThat(headers.getHeader("authorization")).isEqualTo("Bearer t\u00e9");
    }

    /** Each head's echo, twice in a row, on one connection. */
    private static List<String> echoes(int port, List<String> heads) throws IOException {
        List<String> requests = new ArrayList<>();
        for (String head : heads) {
            requests.add("GET /echo HTTP/1.1\r\n" + head + "\r\n");
            requests.add("GET /echo HTTP/1.1\r\n" + head + "\r\n");
        }
        return exchange(port, requests);
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    private static byte[] bytes(MessageBytes field) {
        var chunk = field.getByteChunk();
        return Arrays.copyOfRange(chunk.getBuffer(), chunk.getStart(), chunk.getEnd());
    }

    private static String withoutDate(String response) {
        return DATE.matcher(response).replaceFirst("");
    }

    /** Each path's response on one connection, head and body as ISO-8859-1 text. */
    private static List<String> exchange(int port, List<String> paths, String method) throws IOException {
        List<String> requests = new ArrayList<>();
        for (String path : paths) {
            requests.add(method + " /" + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        }
        return exchange(port, requests);
    }

    /** The response to each raw request (ISO-8859-1), sent one after another on one connection. */
    private static List<String> exchange(int port, List<String> requests) throws IOException {
        List<String> responses = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (String request : requests) {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                responses.add(read(in, request.startsWith("HEAD ")));
            }
        }
        return responses;
    }

    private static String read(InputStream in, boolean headOnly) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in a head: " + response.toString(StandardCharsets.ISO_8859_1));
            }
            response.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String head = response.toString(StandardCharsets.ISO_8859_1);
        var length = Pattern.compile("(?i)\r\ncontent-length: (\\d+)").matcher(head);
        if (!headOnly && length.find()) {
            response.write(in.readNBytes(Integer.parseInt(length.group(1))));
        }
        return response.toString(StandardCharsets.ISO_8859_1);
    }
}
