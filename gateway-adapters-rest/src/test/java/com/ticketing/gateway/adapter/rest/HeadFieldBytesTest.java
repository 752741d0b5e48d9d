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
 * every response head must be byte for byte the same (but the {@code Date} line).
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
        headers.getValue(0).setString("short");
        HeadFieldBytes.encode(headers.getValue(0));
        assertThat(headers.getValue(0).getByteChunk().getBuffer()).isSameAs(kept);
        assertThat(bytes(headers.getValue(0))).isEqualTo("short".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(headers.getValue(0).toString()).isEqualTo("short");
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
        List<String> responses = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (String path : paths) {
                out.write((method + " /" + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                responses.add(read(in, method.equals("HEAD")));
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
