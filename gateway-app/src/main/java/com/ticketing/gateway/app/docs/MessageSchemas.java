package com.ticketing.gateway.app.docs;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON Schemas of protobuf messages as the gateway's REST JSON shows them (proto3 JSON mapping:
 * camelCase names, enums by name, 64-bit integers as strings), collected as OpenAPI components
 * named by the message's full name. Not thread-safe; used once while the document is built.
 */
final class MessageSchemas {

    private final Map<String, Object> schemas = new LinkedHashMap<>();

    /** A reference to {@code message}'s schema, adding it (and the messages it uses) to the components. */
    Map<String, Object> ref(Descriptor message) {
        String name = message.getFullName();
        if (!schemas.containsKey(name)) {
            schemas.put(name, Map.of()); // a placeholder while recursive fields are described
            Map<String, Object> properties = new LinkedHashMap<>();
            for (FieldDescriptor field : message.getFields()) {
                properties.put(field.getJsonName(), field(field));
            }
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("type", "object");
            schema.put("properties", properties);
            schema.put("additionalProperties", false);
            schemas.put(name, schema);
        }
        return Map.of("$ref", "#/components/schemas/" + name);
    }

    /** The schema of one field's value, for a path or query parameter as well. */
    Map<String, Object> field(FieldDescriptor field) {
        if (field.isMapField()) {
            Descriptor entry = field.getMessageType();
            return Map.of("type", "object", "additionalProperties", single(entry.findFieldByName("value")));
        }
        if (field.isRepeated()) {
            return Map.of("type", "array", "items", single(field));
        }
        return single(field);
    }

    Map<String, Object> components() {
        return schemas;
    }

    private Map<String, Object> single(FieldDescriptor field) {
        return switch (field.getJavaType()) {
            case STRING -> Map.of("type", "string");
            case BOOLEAN -> Map.of("type", "boolean");
            case INT -> field.getType() == FieldDescriptor.Type.UINT32 || field.getType() == FieldDescriptor.Type.FIXED32
                    ? Map.of("type", "integer", "format", "int64", "minimum", 0)
                    : Map.of("type", "integer", "format", "int32");
            case LONG -> Map.of("type", "string", "format", "int64");
            case FLOAT -> Map.of("type", "number", "format", "float");
            case DOUBLE -> Map.of("type", "number", "format", "double");
            case BYTE_STRING -> Map.of("type", "string", "contentEncoding", "base64");
            case ENUM -> Map.of("type", "string", "enum",
                    field.getEnumType().getValues().stream().map(EnumValueDescriptor::getName)
                            .filter(name -> !name.endsWith("_UNSPECIFIED")).toList());
            case MESSAGE -> ref(field.getMessageType());
        };
    }
}
