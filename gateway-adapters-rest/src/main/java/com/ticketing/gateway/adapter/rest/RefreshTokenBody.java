package com.ticketing.gateway.adapter.rest;

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

    String token(byte[] body) throws RejectedRequest {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new RejectedRequest(Problem.of(400, ProblemCode.MALFORMED_JSON, "request body is not valid JSON"));
        }
        if (root == null || !root.isObject()) {
            throw new RejectedRequest(Problem.of(400, ProblemCode.MALFORMED_JSON, "request body must be a JSON object"));
        }
        for (Map.Entry<String, JsonNode> member : root.properties()) {
            if (!FIELD.equals(member.getKey())) {
                throw new RejectedRequest(ProblemMapping.invalidField(truncate(member.getKey()), "unknown field"));
            }
        }
        JsonNode token = root.get(FIELD);
        if (token == null || !token.isString() || token.asString().isBlank()) {
            throw new RejectedRequest(ProblemMapping.invalidField(FIELD, "must be a non-empty string"));
        }
        return token.asString();
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
