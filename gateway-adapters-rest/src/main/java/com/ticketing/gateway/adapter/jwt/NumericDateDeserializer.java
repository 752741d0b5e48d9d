package com.ticketing.gateway.adapter.jwt;

import io.jsonwebtoken.io.DeserializationException;
import io.jsonwebtoken.io.Deserializer;
import io.jsonwebtoken.jackson.io.JacksonDeserializer;
import java.io.Reader;
import java.util.Map;
import java.util.Set;

/**
 * Reads a token's JSON as jjwt's Jackson reader does, then refuses a NumericDate claim
 * ({@code exp}, {@code nbf}, {@code iat}) that is not a JSON number. RFC 7519 §2 makes them
 * numbers; jjwt would also take a string (ISO-8601 or digits) and convert it, so without this a
 * token with {@code "exp": "…"} would pass. A refusal surfaces from jjwt as a malformed token.
 * Thread-safe.
 */
final class NumericDateDeserializer implements Deserializer<Map<String, ?>> {

    private static final Set<String> NUMERIC_DATES = Set.of("exp", "nbf", "iat");

    private final Deserializer<Map<String, ?>> json = new JacksonDeserializer<>();

    @Override
    public Map<String, ?> deserialize(Reader reader) {
        return checked(json.deserialize(reader));
    }

    @Override
    @Deprecated
    public Map<String, ?> deserialize(byte[] bytes) {
        return checked(json.deserialize(bytes));
    }

    private static Map<String, ?> checked(Map<String, ?> members) {
        for (String claim : NUMERIC_DATES) {
            Object value = members.get(claim);
            if (value != null && !(value instanceof Number)) {
                throw new DeserializationException("claim " + claim + " is not a NumericDate");
            }
        }
        return members;
    }
}
