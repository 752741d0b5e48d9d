package com.ticketing.gateway.adapter.rest;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Checks that the body of a route binding no field from it is {@code {}}: strict JSON (RFC 8259,
 * one value, nothing after it), an object, without members. The answers are those of a body that
 * does not fit a route's message (the gRPC adapter's transcoder): 400 {@code MALFORMED_JSON} for
 * what is not JSON or not an object, 400 naming the first member as an unknown field.
 */
final class EmptyJsonObject {

    /** Jackson's defaults are strict: no comments, single quotes, NaN, leading zeros or trailing commas. */
    private static final JsonFactory JSON = new JsonFactory();
    private static final int FIELD_NAME_CAP = 100;
    private static final String NOT_JSON = "request body is not valid JSON";
    private static final String NOT_AN_OBJECT = "request body must be a JSON object";

    private EmptyJsonObject() {
    }

    static void check(byte[] body) throws RejectedRequest {
        String member = null;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(NOT_AN_OBJECT);
            }
            int depth = 1;
            while (depth > 0) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    throw malformed(NOT_JSON);
                }
                if (token == JsonToken.PROPERTY_NAME && depth == 1 && member == null) {
                    member = parser.currentName();
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
            if (parser.nextToken() != null) {
                throw malformed(NOT_JSON);
            }
        } catch (JacksonException e) {
            throw malformed(NOT_JSON);
        }
        if (member != null) {
            throw new RejectedRequest(ProblemMapping.invalidField(ClientText.safe(member, FIELD_NAME_CAP),
                    "unknown field"));
        }
    }

    private static RejectedRequest malformed(String detail) {
        return new RejectedRequest(ProblemMapping.malformedJson(detail));
    }
}
