package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * No log line of the whole JVM (gateway, stubs, libraries) ever holds a password, a token or a
 * JWT secret: a journey through every credential path (register, login, profile, refresh, reuse,
 * bad logins, invalid and revoked tokens, a token in the query, logout), with the gateway's own
 * loggers at DEBUG, while every Logback event and all console output are captured.
 */
class LogSecretsIT {

    private static final Pattern JWT_LIKE = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}");
    private static final String WRONG_PASSWORD = "Wrong-Horse-Battery-7";
    private static final String UNKNOWN_USER_PASSWORD = "Nobody-Knows-This-9";

    @Test
    void noPasswordTokenOrSecretIsEverLogged() {
        List<String> secrets = new ArrayList<>();
        List<String> lines;
        String accessSecret;
        String refreshSecret;
        try (LogCapture capture = new LogCapture()) {
            try (Stack stack = Stack.start(Map.of("logging.level.com.ticketing", "DEBUG"))) {
                capture.attach();
                accessSecret = stack.accessSecret;
                refreshSecret = stack.refreshSecret;
                secrets.addAll(journey(stack.http,
                        new RawHttp(Integer.parseInt(stack.gateway.getEnvironment().getProperty("local.server.port")))));
            }
            lines = capture.lines();
        }
        secrets.addAll(List.of(Users.PASSWORD, WRONG_PASSWORD, UNKNOWN_USER_PASSWORD, accessSecret, refreshSecret));

        assertThat(lines).as("the capture saw the journey's security events")
                .anyMatch(l -> l.contains("event=LOGIN_FAILED"))
                .anyMatch(l -> l.contains("event=AUTH_FAILED"))
                .anyMatch(l -> l.contains("event=REFRESH_TOKEN_REUSED"))
                .anyMatch(l -> l.contains("reason=credentials_in_query"))
                .anyMatch(l -> l.contains("event=REQUEST_REFUSED") && l.contains("reason=container_400"));
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).as("a captured log line").doesNotContain(secret);
            }
            Matcher jwt = JWT_LIKE.matcher(line);
            assertThat(jwt.find()).as("JWT-looking text in: %s", line).isFalse();
        }
    }

    /** Walks every credential path; answers each credential it used, and the signature of each token. */
    private static List<String> journey(Http http, RawHttp raw) {
        List<String> used = new ArrayList<>();
        String email = Users.newEmail();
        assertThat(http.post("/api/v1/auth/register", null, Users.registerBody(email)).status()).isEqualTo(201);
        assertThat(http.post("/api/v1/auth/register", null, Users.registerBody(email)).status()).isEqualTo(409);

        JsonNode first = login(http, email, Users.PASSWORD);
        String access = first.get("accessToken").asString();
        String refresh = first.get("refreshToken").asString();
        used.addAll(tokenParts(access, refresh));
        assertThat(http.get("/api/v1/user/profile", access).status()).isEqualTo(200);

        Http.Answer rotated = http.post("/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + refresh + "\"}");
        assertThat(rotated.status()).isEqualTo(200);
        used.addAll(tokenParts(rotated.json().get("accessToken").asString(), rotated.json().get("refreshToken").asString()));
        assertThat(http.post("/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + refresh + "\"}").status())
                .as("reuse of a rotated refresh token").isEqualTo(401);

        JsonNode second = login(http, email, Users.PASSWORD);
        String live = second.get("accessToken").asString();
        used.addAll(tokenParts(live, second.get("refreshToken").asString()));

        assertThat(http.post("/api/v1/auth/login", null, Users.loginBody(email, WRONG_PASSWORD)).status()).isEqualTo(401);
        assertThat(http.post("/api/v1/auth/login", null, Users.loginBody(Users.newEmail(), UNKNOWN_USER_PASSWORD))
                .status()).isEqualTo(401);
        assertThat(http.post("/api/v1/auth/login", null, "{\"email\":\"" + email + "\",\"password\":\"" + WRONG_PASSWORD)
                .status()).as("malformed JSON holding a password").isEqualTo(400);
        assertThat(http.post("/api/v1/auth/login", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + WRONG_PASSWORD + "\\u0000\"}").status()).isEqualTo(400);

        String[] parts = live.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "x." + parts[2];
        String unsigned = ForgedTokens.unsigned(ForgedTokens.header("none"), ForgedTokens.claimsOf(live));
        used.addAll(List.of(tampered, unsigned));
        for (String invalid : List.of(tampered, unsigned, "garbage-token")) {
            assertThat(http.get("/api/v1/bookings", invalid).status()).isEqualTo(401);
        }
        assertThat(http.get("/api/v1/bookings?access_token=" + URLEncoder.encode(live, StandardCharsets.UTF_8), null)
                .status()).isEqualTo(400);
        assertThat(http.post("/api/v1/auth/refresh", null, "{\"refreshToken\":\"" + live + "\"}").status())
                .as("an access token offered as a refresh token").isEqualTo(401);

        used.add(streamWithTicket(http, raw, live));

        assertThat(http.post("/api/v1/auth/logout", live, null).status()).isEqualTo(204);
        assertThat(http.get("/api/v1/bookings", live).status()).as("a revoked session").isEqualTo(401);
        return used;
    }

    /**
     * A stream ticket used as EventSource would (in the query string), refused on another booking,
     * and sent in request lines the server cannot parse: a character the request target may not hold
     * (the container's own parse error would quote the whole line), on fresh connections.
     */
    private static String streamWithTicket(Http http, RawHttp raw, String access) {
        String bookingId = http.post("/api/v1/bookings", access, "{\"eventId\":\"evt-001\",\"quantity\":1}")
                .json().get("bookingId").asString();
        String ticket = http.post("/api/v1/bookings/" + bookingId + "/stream-ticket", access, null).json()
                .get("ticket").asString();
        assertThat(http.stream("/api/v1/bookings/" + bookingId + "/stream?ticket=" + ticket,
                lines -> lines.stream().anyMatch(l -> l.startsWith("data: "))).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/bookings/other-booking/stream?ticket=" + ticket, null).status()).isEqualTo(401);
        for (String target : List.of("/api/v1/bookings/" + bookingId + "/stream?ticket=" + ticket + "&v=a|b",
                "/api/v1/bookings/" + bookingId + "/stream?ticket=" + ticket + "&v={}")) {
            assertThat(raw.send(RawHttp.head("GET " + target + " HTTP/1.1", "Host: localhost")).status())
                    .as("an unparsable request target").isEqualTo(400);
        }
        return ticket;
    }

    private static JsonNode login(Http http, String email, String password) {
        Http.Answer login = http.post("/api/v1/auth/login", null, Users.loginBody(email, password));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login.json();
    }

    /** The tokens, and each signature on its own (a log might print part of a token). */
    private static List<String> tokenParts(String... tokens) {
        List<String> parts = new ArrayList<>();
        for (String token : tokens) {
            parts.add(token);
            parts.add(token.substring(token.lastIndexOf('.') + 1));
        }
        return parts;
    }
}
