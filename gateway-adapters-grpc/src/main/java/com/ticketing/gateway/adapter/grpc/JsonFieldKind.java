package com.ticketing.gateway.adapter.grpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * Whether a JSON value has the kind a field takes, by the proto3 JSON mapping but stricter than
 * JsonFormat: a string field takes only a string (not a number, boolean or array), a boolean only
 * true or false, an enum only one of its names, a number only a JSON number (never a quoted one,
 * though proto3 JSON would accept it: {@code "quantity": "1"} is a client bug to report, not to
 * guess at); a number's range and integrality are left to JsonFormat. {@code null} means the
 * default value for every field.
 */
final class JsonFieldKind {

    private static final String WELL_KNOWN_TYPES = "google.protobuf.";

    private JsonFieldKind() {
    }

    static boolean fits(FieldDescriptor field, JsonElement value) {
        if (value.isJsonNull()) {
            return true;
        }
        if (field.isMapField()) {
            return value.isJsonObject();
        }
        if (field.isRepeated()) {
            return value.isJsonArray();
        }
        JsonPrimitive primitive = value.isJsonPrimitive() ? value.getAsJsonPrimitive() : null;
        return switch (field.getJavaType()) {
            case STRING, BYTE_STRING -> primitive != null && primitive.isString();
            case BOOLEAN -> primitive != null && primitive.isBoolean();
            case INT, LONG, FLOAT, DOUBLE -> primitive != null && primitive.isNumber();
            case ENUM -> primitive != null && primitive.isString()
                    && field.getEnumType().findValueByName(primitive.getAsString()) != null;
            // Well-known types have their own JSON forms (a Timestamp is a string); JsonFormat checks them.
            case MESSAGE -> value.isJsonObject() || field.getMessageType().getFullName().startsWith(WELL_KNOWN_TYPES);
        };
    }
}
