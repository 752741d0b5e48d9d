package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import tools.jackson.databind.node.ObjectNode;

/**
 * The table of hostile requests {@link BadInputIT} sends, by family (B3 of the hardening
 * reference), each with the status and problem code it must get and whether a service may be
 * asked. Requests Java's HttpClient refuses to send go over {@link RawHttp}.
 */
final class HostileRequests {

    static final String BOOKINGS = "/api/v1/bookings";
    static final String EVENTS = "/api/v1/events";
    private static final String REGISTER = "/api/v1/auth/register";
    private static final String REFRESH = "/api/v1/auth/refresh";

    /** One hostile request and the answer it must get. */
    record Case(String family, String name, Supplier<Reply> send, int status, String code, boolean mayReachServices) {
    }

    /** An answer from either client: status, headers (lower-case names, first value) and body. */
    record Reply(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        static Reply of(Http.Answer answer) {
            Map<String, String> headers = new java.util.HashMap<>();
            answer.headers().map().forEach((k, v) -> headers.putIfAbsent(k.toLowerCase(Locale.ROOT), v.get(0)));
            return new Reply(answer.status(), headers, answer.body());
        }

        static Reply of(RawHttp.Response response) {
            return new Reply(response.status(), response.headers(), response.body());
        }
    }

    private final Stack stack;
    private final Http http;
    private final RawHttp raw;
    private final Users.LoggedIn alice;
    private final Users.LoggedIn bob;
    private final String aliceBooking;
    private final String untouchedEvent;

    /**
     * @param aliceBooking   a booking of alice's that bob tries to read, cancel and pay
     * @param untouchedEvent an event every refused booking names: its availability must not move
     */
    HostileRequests(Stack stack, RawHttp raw, Users.LoggedIn alice, Users.LoggedIn bob, String aliceBooking,
                    String untouchedEvent) {
        this.stack = stack;
        this.http = stack.http;
        this.raw = raw;
        this.alice = alice;
        this.bob = bob;
        this.aliceBooking = aliceBooking;
        this.untouchedEvent = untouchedEvent;
    }

    List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(jwtAttacks());
        cases.addAll(oversized());
        cases.addAll(hostileJson());
        cases.addAll(contentTypeGames());
        cases.addAll(pathTricks());
        cases.addAll(protocolGames());
        cases.addAll(methodGames());
        cases.addAll(corsGames());
        cases.addAll(idempotencyKeyAbuse());
        cases.addAll(queryTricks());
        cases.addAll(otherUsersIds());
        return cases;
    }

    private List<Case> jwtAttacks() {
        ObjectNode claims = ForgedTokens.claimsOf(alice.accessToken());
        String secret = stack.accessSecret;
        ObjectNode hs256 = ForgedTokens.header("HS256");
        String real = alice.accessToken();
        String[] parts = real.split("\\.");
        Instant now = Instant.now();
        List<Case> cases = new ArrayList<>();
        cases.add(unauthenticated("alg none", ForgedTokens.unsigned(ForgedTokens.header("none"), claims)));
        cases.add(unauthenticated("alg None", ForgedTokens.unsigned(ForgedTokens.header("None"), claims)));
        cases.add(unauthenticated("alg none with the real signature",
                ForgedTokens.segment(ForgedTokens.header("none")) + "." + parts[1] + "." + parts[2]));
        cases.add(unauthenticated("HS256 with an empty signature", ForgedTokens.unsigned(hs256, claims)));
        cases.add(unauthenticated("HS512 under the right secret",
                ForgedTokens.hmac(ForgedTokens.header("HS512"), claims, secret, "HmacSHA512")));
        cases.add(unauthenticated("signed with another secret", ForgedTokens.hs256(hs256, claims, "not-the-secret-" + secret)));
        cases.add(unauthenticated("signed with the refresh secret", ForgedTokens.hs256(hs256, claims, stack.refreshSecret)));
        cases.add(unauthenticated("a refresh token as access token", bob.refreshToken()));
        cases.add(new Case("jwt", "expired", () -> bearer(ForgedTokens.hs256(hs256,
                ForgedTokens.with(ForgedTokens.with(claims, "exp", now.minusSeconds(3600)), "iat", now.minusSeconds(7200)),
                secret)), 401, "TOKEN_EXPIRED", false));
        cases.add(unauthenticated("not valid before an hour from now",
                ForgedTokens.hs256(hs256, ForgedTokens.with(claims, "nbf", now.plusSeconds(3600)), secret)));
        cases.add(unauthenticated("wrong issuer", ForgedTokens.hs256(hs256, ForgedTokens.with(claims, "iss", "evil"), secret)));
        ObjectNode wrongAudience = claims.deepCopy();
        wrongAudience.putArray("aud").add("someone-else");
        cases.add(unauthenticated("wrong audience", ForgedTokens.hs256(hs256, wrongAudience, secret)));
        cases.add(unauthenticated("no subject", ForgedTokens.hs256(hs256, ForgedTokens.with(claims, "sub", null), secret)));
        cases.add(unauthenticated("a session that does not exist",
                ForgedTokens.hs256(hs256, ForgedTokens.with(claims, "sid", "ses-" + UUID.randomUUID()), secret)));
        cases.add(unauthenticated("payload swapped to another user, signature kept", parts[0] + "."
                + ForgedTokens.segment(ForgedTokens.with(claims, "sub", bob.userId())) + "." + parts[2]));
        cases.add(unauthenticated("alice's live session under bob's subject, signed with the right key",
                ForgedTokens.hs256(hs256, ForgedTokens.with(claims, "sub", bob.userId()), secret)));
        cases.add(unauthenticated("issued an hour from now", ForgedTokens.hs256(hs256,
                ForgedTokens.with(claims, "iat", now.plusSeconds(3600)), secret)));
        for (String claim : List.of("exp", "nbf", "iat")) {
            ObjectNode textual = claims.deepCopy();
            textual.put(claim, Long.toString(now.plusSeconds(claim.equals("exp") ? 600 : -60).getEpochSecond()));
            cases.add(unauthenticated(claim + " as a JSON string", ForgedTokens.hs256(hs256, textual, secret)));
        }
        cases.add(unauthenticated("two segments", parts[0] + "." + parts[1]));
        cases.add(unauthenticated("four segments", real + "." + parts[2]));
        cases.add(unauthenticated("not base64url", "!!!.###.$$$"));
        cases.add(unauthenticated("garbage", "garbage"));
        ObjectNode kid = ForgedTokens.header("HS256");
        kid.put("kid", "../../../../dev/null");
        cases.add(unauthenticated("kid path injection", ForgedTokens.hs256(kid, claims, "attacker")));
        ObjectNode sqlKid = ForgedTokens.header("HS256");
        sqlKid.put("kid", "x' UNION SELECT 'attacker");
        cases.add(unauthenticated("kid SQL injection", ForgedTokens.hs256(sqlKid, claims, "attacker")));
        ObjectNode jku = ForgedTokens.header("HS256");
        jku.put("jku", "http://evil.example/jwks.json");
        cases.add(unauthenticated("jku header", ForgedTokens.hs256(jku, claims, "attacker")));
        ObjectNode crit = ForgedTokens.header("HS256");
        crit.putArray("crit").add("exp");
        crit.put("exp", 1);
        cases.add(unauthenticated("crit header, right secret, real claims", ForgedTokens.hs256(crit, claims, secret)));
        cases.add(new Case("jwt", "Basic scheme", () -> Reply.of(http.send(http.request(BOOKINGS)
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (alice.email() + ":" + Users.PASSWORD).getBytes(StandardCharsets.UTF_8))).GET().build())),
                401, "UNAUTHENTICATED", false));
        cases.add(new Case("jwt", "scheme without token", () -> Reply.of(http.send(http.request(BOOKINGS)
                .header("Authorization", "Bearer").GET().build())), 401, "UNAUTHENTICATED", false));
        cases.add(new Case("jwt", "no token at all", () -> Reply.of(http.get(BOOKINGS, null)), 401,
                "UNAUTHENTICATED", false));
        cases.add(new Case("jwt", "a 9 KiB token", () -> bearer("a".repeat(9 * 1024)), 431, "VALIDATION_FAILED", false));
        cases.add(new Case("jwt", "a 100 KB token", () -> bearer("a".repeat(100_000)), 431, "VALIDATION_FAILED", false));
        cases.add(new Case("jwt", "two Authorization headers", () -> Reply.of(http.send(http.request(BOOKINGS)
                .header("Authorization", "Bearer " + real).header("Authorization", "Bearer " + bob.accessToken())
                .GET().build())), 400, "VALIDATION_FAILED", false));
        cases.add(new Case("jwt", "access_token in the query", () -> Reply.of(http.get(BOOKINGS + "?access_token=" + real,
                null)), 400, "VALIDATION_FAILED", false));
        cases.add(new Case("jwt", "token in the query of a public route", () -> Reply.of(http.get(EVENTS + "?token=" + real,
                null)), 400, "VALIDATION_FAILED", false));
        cases.add(new Case("jwt", "refresh with an access token", () -> Reply.of(http.post(REFRESH, null,
                "{\"refreshToken\":\"" + real + "\"}")), 401, "UNAUTHENTICATED", false));
        cases.add(new Case("jwt", "refresh with alg none", () -> Reply.of(http.post(REFRESH, null, "{\"refreshToken\":\""
                + ForgedTokens.unsigned(ForgedTokens.header("none"), ForgedTokens.claimsOf(bob.refreshToken())) + "\"}")),
                401, "UNAUTHENTICATED", false));
        cases.add(new Case("jwt", "refresh with garbage", () -> Reply.of(http.post(REFRESH, null,
                "{\"refreshToken\":\"garbage\"}")), 401, "UNAUTHENTICATED", false));
        cases.add(new Case("jwt", "refresh with an extra member", () -> Reply.of(http.post(REFRESH, null,
                "{\"refreshToken\":\"" + bob.refreshToken() + "\",\"userId\":\"" + alice.userId() + "\"}")),
                400, "VALIDATION_FAILED", false));
        return cases;
    }

    private List<Case> oversized() {
        String login = "{\"email\":\"a@example.com\",\"password\":\"" + "p".repeat(1024 * 1024) + "\"}";
        return List.of(
                new Case("size", "body one byte over 1 MiB", () -> Reply.of(http.post(REGISTER, null,
                        "{\"email\":\"" + "a".repeat(1024 * 1024 - 11) + "\"}")), 413, "PAYLOAD_TOO_LARGE", false),
                new Case("size", "declared Content-Length of 2 GB, nothing sent", () -> raw(RawHttp.concat(RawHttp.head(
                        "POST /api/v1/auth/login HTTP/1.1", "Host: localhost", "Content-Type: application/json",
                        "Content-Length: 2000000000"), "{}".getBytes(StandardCharsets.US_ASCII))), 413,
                        "PAYLOAD_TOO_LARGE", false),
                new Case("size", "Expect: 100-continue with a Content-Length over the limit, no 100 first", () -> raw(
                        RawHttp.head("POST /api/v1/auth/login HTTP/1.1", "Host: localhost",
                                "Content-Type: application/json", "Content-Length: 2000000", "Expect: 100-continue")),
                        413, "PAYLOAD_TOO_LARGE", false),
                new Case("size", "chunked body over 1 MiB", () -> raw(RawHttp.concat(RawHttp.head(
                        "POST /api/v1/auth/login HTTP/1.1", "Host: localhost", "Content-Type: application/json",
                        "Transfer-Encoding: chunked"), chunked(login))), 413, "PAYLOAD_TOO_LARGE", false),
                new Case("size", "a 20 KB header", () -> Reply.of(http.send(http.request(EVENTS)
                        .header("X-Padding", "x".repeat(20_000)).GET().build())), 431, "VALIDATION_FAILED", false),
                new Case("size", "150 header fields", () -> raw(manyHeaders(150)), 431, "VALIDATION_FAILED", false),
                new Case("size", "a 5000-character query", () -> Reply.of(http.get(EVENTS + "?q=" + "a".repeat(5000), null)),
                        414, "VALIDATION_FAILED", false),
                new Case("size", "a 5000-character path segment", () -> Reply.of(http.get(EVENTS + "/" + "e".repeat(5000),
                        null)), 414, "VALIDATION_FAILED", false),
                new Case("size", "a 20000-character request line", () -> raw(RawHttp.head(
                        "GET /api/v1/events?q=" + "a".repeat(20_000) + " HTTP/1.1", "Host: localhost")), 414,
                        "VALIDATION_FAILED", false));
    }

    private List<Case> hostileJson() {
        String booking = "{\"eventId\":\"" + untouchedEvent + "\",\"quantity\":%s}";
        List<Case> cases = new ArrayList<>();
        cases.add(json("malformed", "{\"eventId\": ", "MALFORMED_JSON"));
        cases.add(json("an array, not an object", "[]", "MALFORMED_JSON"));
        cases.add(json("a string, not an object", "\"x\"", "MALFORMED_JSON"));
        cases.add(json("null", "null", "MALFORMED_JSON"));
        cases.add(json("data after the object", "{}{}", "MALFORMED_JSON"));
        cases.add(json("single quotes", "{'eventId':'x','quantity':1}", "MALFORMED_JSON"));
        cases.add(json("unquoted names", "{eventId:\"x\",quantity:1}", "MALFORMED_JSON"));
        cases.add(json("comments", "{/* hi */\"eventId\":\"x\",\"quantity\":1}", "MALFORMED_JSON"));
        cases.add(json("NaN", booking.formatted("NaN"), "MALFORMED_JSON"));
        cases.add(json("trailing comma", "{\"eventId\":\"x\",\"quantity\":1,}", "MALFORMED_JSON"));
        cases.add(json("whitespace only", "   ", "MALFORMED_JSON"));
        cases.add(json("10 000 levels deep inside a member", booking.formatted("[".repeat(10_000) + "]".repeat(10_000)),
                "VALIDATION_FAILED"));
        cases.add(json("10 000 levels deep at the top", "[".repeat(10_000) + "]".repeat(10_000), "MALFORMED_JSON"));
        cases.add(json("a million-digit number", booking.formatted("9".repeat(1_000_000)), "VALIDATION_FAILED"));
        cases.add(json("an exponent of a million", booking.formatted("1e1000000"), "VALIDATION_FAILED"));
        cases.add(json("int64 into an int32 field", booking.formatted("4294967297"), "VALIDATION_FAILED"));
        cases.add(json("a fraction into an integer field", booking.formatted("1.5"), "VALIDATION_FAILED"));
        cases.add(json("a boolean into an integer field", booking.formatted("true"), "VALIDATION_FAILED"));
        cases.add(json("a string into an integer field", booking.formatted("\"many\""), "VALIDATION_FAILED"));
        cases.add(json("a quoted number into an integer field", booking.formatted("\"1\""), "VALIDATION_FAILED"));
        cases.add(json("an object into a string field", "{\"eventId\":{\"$ne\":null},\"quantity\":1}", "VALIDATION_FAILED"));
        cases.add(json("duplicate keys", "{\"eventId\":\"" + untouchedEvent + "\",\"quantity\":1,\"quantity\":10000}",
                "VALIDATION_FAILED"));
        cases.add(json("mass assignment of the price", "{\"eventId\":\"" + untouchedEvent
                + "\",\"quantity\":1,\"amountCents\":1}", "VALIDATION_FAILED"));
        // RFC 8259 §7: a raw control character in a string makes the body no JSON; an escaped one is JSON the API refuses
        cases.add(json("a raw control character", "{\"eventId\":\"evt\u0001\",\"quantity\":1}", "MALFORMED_JSON"));
        cases.add(json("a raw tab in a member name", "{\"event\tId\":\"x\",\"quantity\":1}", "MALFORMED_JSON"));
        cases.add(json("an escaped NUL", "{\"eventId\":\"evt\\u0000\",\"quantity\":1}", "VALIDATION_FAILED"));
        cases.add(json("an escaped newline", "{\"eventId\":\"evt\\r\\nX-Injected: 1\",\"quantity\":1}",
                "VALIDATION_FAILED"));
        cases.add(json("a lone surrogate", "{\"eventId\":\"\\ud800\",\"quantity\":1}", "VALIDATION_FAILED"));
        cases.add(json("a control character in a member name", "{\"event\\u0000Id\":\"x\",\"quantity\":1}",
                "VALIDATION_FAILED"));
        cases.add(json("a 20 KB string", "{\"eventId\":\"" + "e".repeat(20_000) + "\",\"quantity\":1}", "VALIDATION_FAILED"));
        cases.add(jsonBytes("invalid UTF-8", new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, '(', '"', '}'},
                "MALFORMED_JSON"));
        cases.add(jsonBytes("overlong UTF-8 for '/'", new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF,
                '"', '}'}, "MALFORMED_JSON"));
        cases.add(new Case("json", "unknown field on register", () -> Reply.of(http.post(REGISTER, null,
                "{\"email\":\"x@example.com\",\"password\":\"long-enough-1\",\"firstName\":\"A\",\"lastName\":\"B\","
                        + "\"role\":\"admin\"}")), 400, "VALIDATION_FAILED", false));
        cases.add(new Case("json", "a number for the email", () -> Reply.of(http.post(REGISTER, null,
                "{\"email\":123,\"password\":\"long-enough-1\",\"firstName\":\"A\",\"lastName\":\"B\"}")), 400,
                "VALIDATION_FAILED", false));
        // Routes that bind no body: a body sent anyway must be {} (else it is malformed, or its members unknown)
        String cancel = BOOKINGS + "/" + aliceBooking;
        cases.add(new Case("json", "a cancel whose body is not JSON", () -> Reply.of(http.delete(cancel,
                alice.accessToken(), "{\"reason\":")), 400, "MALFORMED_JSON", false));
        cases.add(new Case("json", "a cancel with a member", () -> Reply.of(http.delete(cancel,
                alice.accessToken(), "{\"reason\":\"x\"}")), 400, "VALIDATION_FAILED", false));
        cases.add(new Case("json", "a logout whose body is not JSON", () -> Reply.of(http.post("/api/v1/auth/logout",
                alice.accessToken(), "{\"a\":")), 400, "MALFORMED_JSON", false));
        cases.add(new Case("json", "a logout with a member", () -> Reply.of(http.post("/api/v1/auth/logout",
                alice.accessToken(), "{\"sessionId\":\"another\"}")), 400, "VALIDATION_FAILED", false));
        cases.add(new Case("json", "a stream ticket whose body is not JSON", () -> Reply.of(http.post(cancel
                + "/stream-ticket", alice.accessToken(), "this is not json")), 400, "MALFORMED_JSON", false));
        cases.add(new Case("json", "an empty body", () -> Reply.of(http.send(http.request(REGISTER)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build())),
                400, "MALFORMED_JSON", false));
        return cases;
    }

    private List<Case> contentTypeGames() {
        List<Case> cases = new ArrayList<>();
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/json-patch+json",
                "application/jsonx", "text/json", "application/json, text/plain", "application/xml")) {
            cases.add(new Case("content-type", type, () -> Reply.of(http.send(http.request(BOOKINGS)
                    .header("Authorization", "Bearer " + alice.accessToken()).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"eventId\":\"" + untouchedEvent + "\",\"quantity\":1}"))
                    .build())), 415, "UNSUPPORTED_MEDIA_TYPE", false));
        }
        cases.add(new Case("content-type", "none", () -> Reply.of(http.send(http.request(BOOKINGS)
                .header("Authorization", "Bearer " + alice.accessToken())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build())), 415, "UNSUPPORTED_MEDIA_TYPE", false));
        cases.add(new Case("content-type", "a large form body to a PUT", () -> Reply.of(http.send(
                http.request("/api/v1/user/profile").header("Authorization", "Bearer " + alice.accessToken())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .PUT(HttpRequest.BodyPublishers.ofString("a=" + "b".repeat(900_000))).build())),
                415, "UNSUPPORTED_MEDIA_TYPE", false));
        byte[] loginJson = Users.loginBody(alice.email(), Users.PASSWORD).getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> encoded = new java.util.LinkedHashMap<>();
        encoded.put("gzip", gzip(loginJson));
        encoded.put("x-gzip", gzip(loginJson));
        encoded.put("br", new byte[] {(byte) 0x8b, 0x02, (byte) 0x80, '{', '}', 0x03});
        encoded.put("deflate", loginJson);
        encoded.put("zstd", loginJson);
        encoded.put("x-unknown-coding", loginJson);
        encoded.put("GZIP", gzip(loginJson));
        encoded.put("identity, gzip", gzip(loginJson));
        encoded.forEach((coding, body) -> cases.add(new Case("content-encoding", coding, () -> {
            Http.Answer answer = http.send(http.request("/api/v1/auth/login").header("Content-Type", "application/json")
                    .header("Content-Encoding", coding).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
            assertThat(answer.header("Accept-Encoding")).isEqualTo("identity");
            return Reply.of(answer);
        }, 415, "UNSUPPORTED_MEDIA_TYPE", false)));
        cases.add(new Case("content-type", "UTF-16 JSON", () -> Reply.of(http.send(http.request(BOOKINGS)
                .header("Authorization", "Bearer " + alice.accessToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray("{\"quantity\":1}".getBytes(StandardCharsets.UTF_16)))
                .build())), 400, "MALFORMED_JSON", false));
        return cases;
    }

    private List<Case> pathTricks() {
        List<Case> cases = new ArrayList<>();
        for (String target : List.of("/api/v1/events/../bookings", "/api/v1/events/%2e%2e/bookings",
                "/api/v1/events/%2E%2E%2Fbookings", "/api/v1/events/%2F", "/api/v1/events/%2f..%2fbookings",
                "/api/v1/events;jsessionid=x", "/api/v1/bookings/..;/events", "/api/v1/events\\..\\bookings",
                "/api/v1/events/%5C", "/api/v1/events/%00", "/api/v1/events/x%00.json", "//api/v1/events",
                "/api/v1//events", "/api/v1/./events", "/api/v1/events/%252e%252e", "/api/v1/events/%C0%AE%C0%AE",
                "/api/v1/events/%ZZ", "/../../etc/passwd", "/health/../metrics", "/metrics;x=y", "/api/v1/events/%0d%0a",
                "*")) {
            cases.add(new Case("path", target, () -> raw(RawHttp.head("GET " + target + " HTTP/1.1", "Host: localhost",
                    "Authorization: Bearer " + alice.accessToken(), "Connection: close")), 400, "VALIDATION_FAILED", false));
        }
        cases.add(new Case("path", "raw UTF-8 in the path", () -> raw(RawHttp.concat(RawHttp.concat(
                "GET /api/v1/events/caf".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, (byte) 0xA9}),
                " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII))),
                400, "VALIDATION_FAILED", false));
        cases.add(new Case("path", "the error page itself", () -> Reply.of(http.get("/error", null)), 404, "NOT_FOUND",
                false));
        return cases;
    }

    private List<Case> protocolGames() {
        String token = "Authorization: Bearer " + alice.accessToken();
        // A valid login, so that a body read as chunked would be served (200), and a request behind it.
        byte[] smuggled = RawHttp.concat(chunked(Users.loginBody(alice.email(), Users.PASSWORD)),
                ("GET /api/v1/bookings HTTP/1.1\r\nHost: localhost\r\n" + token + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        List<Case> cases = new ArrayList<>();
        cases.add(smuggling("Content-Length and Transfer-Encoding with a smuggled request", "HTTP/1.1",
                "Content-Length: " + smuggled.length, smuggled));
        cases.add(smuggling("Transfer-Encoding in HTTP/1.0 with a smuggled request", "HTTP/1.0", "Connection: keep-alive",
                smuggled));
        cases.add(protocol("two different Content-Length", "{}", "POST /api/v1/auth/login HTTP/1.1", "Host: localhost",
                "Content-Type: application/json", "Content-Length: 2", "Content-Length: 3"));
        String login = "{\"email\":\"x@example.com\",\"password\":\"long-enough-1\"}";
        cases.add(protocol("two Content-Type, JSON first", login, "POST /api/v1/auth/login HTTP/1.1", "Host: localhost",
                "Content-Type: application/json", "Content-Type: text/plain", "Content-Length: " + login.length()));
        cases.add(protocol("two Content-Type, JSON second", login, "POST /api/v1/auth/login HTTP/1.1", "Host: localhost",
                "Content-Type: text/plain", "Content-Type: application/json", "Content-Length: " + login.length()));
        cases.add(protocol("a negative Content-Length", "{}", "POST /api/v1/auth/login HTTP/1.1", "Host: localhost",
                "Content-Type: application/json", "Content-Length: -1"));
        cases.add(protocol("a bad chunk size", "zz\r\n{}\r\n0\r\n\r\n", "POST /api/v1/auth/login HTTP/1.1",
                "Host: localhost", "Content-Type: application/json", "Transfer-Encoding: chunked"));
        cases.add(protocol("an unknown transfer coding", "2\r\n{}\r\n0\r\n\r\n", "POST /api/v1/auth/login HTTP/1.1",
                "Host: localhost", "Content-Type: application/json", "Transfer-Encoding: xchunked"));
        cases.add(protocol("gzip then chunked", "2\r\n{}\r\n0\r\n\r\n", "POST /api/v1/auth/login HTTP/1.1",
                "Host: localhost", "Content-Type: application/json", "Transfer-Encoding: gzip, chunked"));
        cases.add(protocol("HTTP/9.9", "", "GET /api/v1/events HTTP/9.9", "Host: localhost"));
        cases.add(protocol("a garbage request line", "", "HELLO", "Host: localhost"));
        cases.add(protocol("no Host", "", "GET /api/v1/events HTTP/1.1"));
        cases.add(protocol("two Hosts", "", "GET /api/v1/events HTTP/1.1", "Host: localhost", "Host: evil.example"));
        cases.add(protocol("an absolute URI for another host", "", "GET http://evil.example/api/v1/events HTTP/1.1",
                "Host: localhost"));
        cases.add(protocol("a bare CR in a header", "", "GET /api/v1/events HTTP/1.1", "Host: localhost",
                "X-Note: a\rSet-Cookie: x=1"));
        cases.add(protocol("a NUL in a header", "", "GET /api/v1/events HTTP/1.1", "Host: localhost", "X-Note: a\u0000b"));
        cases.add(protocol("a control character in the Authorization header", "", "GET /api/v1/bookings HTTP/1.1",
                "Host: localhost", "Authorization: Bearer a\u0001b"));
        cases.add(protocol("a space in a header name", "", "GET /api/v1/events HTTP/1.1", "Host: localhost", "X Note: a"));
        cases.add(protocol("an :authority pseudo-header", "", "GET /api/v1/events HTTP/1.1", "Host: localhost",
                ":authority: evil.example"));
        cases.add(protocol("an underscore identity header", "", "GET /api/v1/bookings HTTP/1.1", "Host: localhost", token,
                "X_User_Id: " + bob.userId()));
        cases.add(protocol("a control character in the query", "", "GET /api/v1/events?q=a\u0001b HTTP/1.1",
                "Host: localhost"));
        return cases;
    }

    private List<Case> methodGames() {
        List<Case> cases = new ArrayList<>();
        for (String method : List.of("TRACE", "FOO", "get", "PATCH", "DELETE", "PROPFIND")) {
            cases.add(new Case("method", method + " /api/v1/events", () -> raw(RawHttp.head(method + " /api/v1/events HTTP/1.1",
                    "Host: localhost", "Connection: close")), 405, "METHOD_NOT_ALLOWED", false));
        }
        cases.add(protocol("CONNECT", "", "CONNECT localhost:443 HTTP/1.1", "Host: localhost"));
        return cases;
    }

    private List<Case> corsGames() {
        List<Case> cases = new ArrayList<>();
        for (String origin : List.of("https://evil.example", "null", "https://app.ticketing.example.evil.example",
                "http://app.ticketing.example", "https://evil-app.ticketing.example", "https://app.ticketing.example:444")) {
            cases.add(new Case("cors", "preflight from " + origin, () -> {
                Http.Answer answer = http.send(http.request(BOOKINGS).header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
                assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
                assertThat(answer.header("Access-Control-Allow-Credentials")).isNull();
                return Reply.of(answer);
            }, 403, "FORBIDDEN", false));
        }
        return cases;
    }

    private List<Case> idempotencyKeyAbuse() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> keys = Map.of("256 characters", "k".repeat(256), "a space", "a b", "a tab", "a\tb");
        keys.forEach((name, key) -> cases.add(new Case("idempotency-key", name, () -> Reply.of(http.post(BOOKINGS,
                alice.accessToken(), "{\"eventId\":\"" + untouchedEvent + "\",\"quantity\":1}", "Idempotency-Key", key)),
                400, "VALIDATION_FAILED", false)));
        cases.add(new Case("idempotency-key", "two keys", () -> Reply.of(http.send(http.request(BOOKINGS)
                .header("Authorization", "Bearer " + alice.accessToken()).header("Content-Type", "application/json")
                .header("Idempotency-Key", "key-1").header("Idempotency-Key", "key-2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"eventId\":\"" + untouchedEvent + "\",\"quantity\":1}"))
                .build())), 400, "VALIDATION_FAILED", false));
        String utf8Key = new String("ключ-1".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        cases.add(new Case("idempotency-key", "non-ASCII", () -> raw(RawHttp.concat(RawHttp.head(
                "POST /api/v1/payments HTTP/1.1", "Host: localhost", "Authorization: Bearer " + alice.accessToken(),
                "Content-Type: application/json", "Idempotency-Key: " + utf8Key, "Content-Length: 2",
                "Connection: close"), "{}".getBytes(StandardCharsets.US_ASCII))), 400, "VALIDATION_FAILED", false));
        cases.add(new Case("idempotency-key", "payment without a key", () -> Reply.of(http.post("/api/v1/payments",
                alice.accessToken(), "{\"bookingId\":\"" + aliceBooking + "\",\"paymentMethodToken\":\"tok_visa\"}")),
                400, "VALIDATION_FAILED", false));
        String key = UUID.randomUUID().toString();
        cases.add(new Case("idempotency-key", "the same key with another body", () -> {
            Http.Answer first = http.post(BOOKINGS, bob.accessToken(), "{\"eventId\":\"" + untouchedEvent
                    + "\",\"quantity\":1}", "Idempotency-Key", key);
            assertThat(first.status()).isEqualTo(202);
            return Reply.of(http.post(BOOKINGS, bob.accessToken(), "{\"eventId\":\"" + untouchedEvent
                    + "\",\"quantity\":2}", "Idempotency-Key", key));
        }, 409, "CONFLICT", true));
        return cases;
    }

    private List<Case> queryTricks() {
        return List.of(
                new Case("query", "bad percent-encoding", () -> raw(RawHttp.head("GET /api/v1/events?q=%ZZ HTTP/1.1",
                        "Host: localhost", "Connection: close")), 400, "VALIDATION_FAILED", false),
                new Case("query", "an encoded NUL", () -> Reply.of(http.get(EVENTS + "?q=a%00b", null)), 400,
                        "VALIDATION_FAILED", false),
                new Case("query", "encoded CRLF", () -> Reply.of(http.get(EVENTS + "?q=a%0d%0aSet-Cookie:x", null)), 400,
                        "VALIDATION_FAILED", false),
                new Case("query", "invalid UTF-8", () -> Reply.of(http.get(EVENTS + "?q=%C3%28", null)), 400,
                        "VALIDATION_FAILED", false),
                new Case("query", "a word for a page size", () -> Reply.of(http.get(EVENTS + "?pageSize=all", null)), 400,
                        "VALIDATION_FAILED", false),
                new Case("query", "a page given twice", () -> Reply.of(http.get(EVENTS + "?page=1&page=abc", null)),
                        400, "VALIDATION_FAILED", false),
                new Case("query", "two stream tickets", () -> Reply.of(http.get(BOOKINGS + "/" + aliceBooking
                        + "/stream?ticket=a&ticket=b", null)), 400, "VALIDATION_FAILED", false),
                new Case("query", "a page in Devanagari digits", () -> Reply.of(http.get(EVENTS + "?page=%E0%A5%A8", null)),
                        400, "VALIDATION_FAILED", false),
                new Case("query", "a page size in full-width digits", () -> Reply.of(http.get(EVENTS + "?pageSize=%EF%BC%95",
                        null)), 400, "VALIDATION_FAILED", false),
                new Case("query", "a page size beyond int32", () -> Reply.of(http.get(EVENTS + "?pageSize=99999999999",
                        null)), 400, "VALIDATION_FAILED", false),
                new Case("query", "page 0", () -> Reply.of(http.get(EVENTS + "?page=0", null)), 400,
                        "VALIDATION_FAILED", false),
                new Case("query", "a negative page", () -> Reply.of(http.get(EVENTS + "?page=-1", null)), 400,
                        "VALIDATION_FAILED", false),
                new Case("query", "page size 0", () -> Reply.of(http.get(EVENTS + "?pageSize=0", null)), 400,
                        "VALIDATION_FAILED", false),
                new Case("query", "page size 101", () -> Reply.of(http.get(EVENTS + "?pageSize=101", null)), 400,
                        "VALIDATION_FAILED", false));
    }

    /** Other users' ids: the service decides (404, as for a booking that does not exist). */
    private List<Case> otherUsersIds() {
        return List.of(
                new Case("bola", "read another user's booking", () -> Reply.of(http.get(BOOKINGS + "/" + aliceBooking,
                        bob.accessToken())), 404, "NOT_FOUND", true),
                new Case("bola", "cancel another user's booking", () -> Reply.of(http.delete(BOOKINGS + "/" + aliceBooking,
                        bob.accessToken())), 404, "NOT_FOUND", true),
                new Case("bola", "pay another user's booking", () -> Reply.of(http.post("/api/v1/payments",
                        bob.accessToken(), "{\"bookingId\":\"" + aliceBooking + "\",\"paymentMethodToken\":\"tok_visa\"}",
                        "Idempotency-Key", UUID.randomUUID().toString())), 404, "NOT_FOUND", true),
                new Case("bola", "stream another user's booking", () -> Reply.of(http.send(http.request(BOOKINGS + "/"
                        + aliceBooking + "/stream").header("Authorization", "Bearer " + bob.accessToken())
                        .header("Accept", "text/event-stream").GET().build())), 404, "NOT_FOUND", true),
                new Case("bola", "read another user's booking with their user id in X-User-Id", () -> Reply.of(
                        http.send(http.request(BOOKINGS + "/" + aliceBooking).header("Authorization", "Bearer "
                                + bob.accessToken()).header("X-User-Id", alice.userId()).GET().build())),
                        404, "NOT_FOUND", true));
    }

    // ----------------------------------------------------------------------------------- helpers

    private Case unauthenticated(String name, String token) {
        return new Case("jwt", name, () -> bearer(token), 401, "UNAUTHENTICATED", false);
    }

    private Reply bearer(String token) {
        return Reply.of(http.get(BOOKINGS, token));
    }

    private Case json(String name, String body, String code) {
        return jsonBytes(name, body.getBytes(StandardCharsets.UTF_8), code);
    }

    private Case jsonBytes(String name, byte[] body, String code) {
        return new Case("json", name, () -> Reply.of(http.send(http.request(BOOKINGS)
                .header("Authorization", "Bearer " + alice.accessToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build())), 400, code, false);
    }

    /** A head whose body could end in two places (RFC 9112 §6.1): refused, closed, nothing behind it answered. */
    private Case smuggling(String name, String version, String framing, byte[] body) {
        return new Case("protocol", name, () -> {
            RawHttp.Closing closing = raw.sendAndWatchClose(RawHttp.concat(RawHttp.head("POST /api/v1/auth/login " + version,
                    "Host: localhost", "Content-Type: application/json", framing, "Transfer-Encoding: chunked"), body));
            assertThat(closing.closed()).as("connection closed, the smuggled request unanswered").isTrue();
            return Reply.of(closing.response());
        }, 400, "VALIDATION_FAILED", false);
    }

    private Case protocol(String name, String body, String... head) {
        return new Case("protocol", name, () -> raw(RawHttp.concat(RawHttp.head(head),
                body.getBytes(StandardCharsets.ISO_8859_1))), 400, "VALIDATION_FAILED", false);
    }

    private Reply raw(byte[] request) {
        return Reply.of(raw.send(request));
    }

    private static byte[] gzip(byte[] bytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] manyHeaders(int count) {
        String[] lines = new String[count + 2];
        lines[0] = "GET /api/v1/events HTTP/1.1";
        lines[1] = "Host: localhost";
        for (int i = 0; i < count; i++) {
            lines[i + 2] = "X-Header-" + i + ": v";
        }
        return RawHttp.head(lines);
    }

    private byte[] chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.concat(RawHttp.concat((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
                bytes), "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
