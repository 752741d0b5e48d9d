package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Registers and logs in fresh users through the public API. */
final class Users {

    static final String PASSWORD = "correct-horse-battery";

    record LoggedIn(String email, String userId, String accessToken, String refreshToken) {
    }

    private Users() {
    }

    static String newEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }

    static String registerBody(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                + "\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}";
    }

    static String loginBody(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    static LoggedIn newUser(Http http) {
        String email = newEmail();
        Http.Answer registered = http.post("/api/v1/auth/register", null, registerBody(email));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        Http.Answer login = http.post("/api/v1/auth/login", null, loginBody(email, PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        JsonNode tokens = login.json();
        return new LoggedIn(email, tokens.get("userId").asString(), tokens.get("accessToken").asString(),
                tokens.get("refreshToken").asString());
    }
}
