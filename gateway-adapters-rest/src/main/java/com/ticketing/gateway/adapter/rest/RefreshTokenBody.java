package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.service.ApiResult;
import com.ticketing.gateway.domain.service.RefreshTokenInput;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads {@code {"refreshToken": "..."}} strictly: one string member, nothing else. */
public final class RefreshTokenBody {

    private static final String FIELD = "refreshToken";
    private final JsonMapper json;

    public RefreshTokenBody(JsonMapper json) {
        this.json = json;
    }

    /** The body's token, or the 400 an unreadable body earns (answered once the request is within its limit). */
    RefreshTokenInput read(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            return unreadable(true, "", "request body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return unreadable(true, "", "request body must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> member : root.properties()) {
            if (!FIELD.equals(member.getKey())) {
                return unreadable(false, truncate(member.getKey()), "unknown field");
            }
        }
        JsonNode token = root.get(FIELD);
        if (token == null || !token.isString() || token.asString().isBlank()) {
            return unreadable(false, FIELD, "must be a non-empty string");
        }
        return new RefreshTokenInput.Read(token.asString());
    }

    private static RefreshTokenInput unreadable(boolean malformedJson, String field, String message) {
        return new RefreshTokenInput.Unreadable(new ApiResult.InvalidInput(malformedJson, field, message));
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
