package com.ticketing.gateway.app.docs;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schemas of protobuf messages as the gateway's REST JSON shows them (proto3 JSON mapping:
 * camelCase names, enums by name, 64-bit integers as strings), collected as OpenAPI components
 * named by the message's full name. A message that only answers ({@link #reply}) lists as
 * {@code required} every field the transcoder always writes: those without presence (an
 * {@code optional} field is written only when set). A request body ({@link #request}) carries the
 * contract's rules for its fields ({@link RequestRules}). A string field named {@code *_at} is a
 * timestamp, RFC 3339 as the contract has them ({@code format: date-time}). Not thread-safe; used
 * once while the document is built.
 */
final class MessageSchemas {

    private final Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();
    private final Map<String, Descriptor> described = new LinkedHashMap<>();
    private final Set<String> inRequests = new HashSet<>();
    private final Set<String> inReplies = new HashSet<>();

    /** A reference to the schema of {@code message} sent as a request body. */
    Map<String, Object> request(Descriptor message) {
        reach(message, inRequests);
        return ref(message);
    }

    /** A reference to the schema of {@code message} as an answer's body. */
    Map<String, Object> reply(Descriptor message) {
        reach(message, inReplies);
        return ref(message);
    }

    /** Marks {@code message} and every message its fields hold as used in one direction. */
    private static void reach(Descriptor message, Set<String> used) {
        if (used.add(message.getFullName())) {
            for (FieldDescriptor field : message.getFields()) {
                FieldDescriptor value = field.isMapField() ? field.getMessageType().findFieldByName("value") : field;
                if (value.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    reach(value.getMessageType(), used);
                }
            }
        }
    }

    /** A reference to {@code message}'s schema, adding it (and the messages it uses) to the components. */
    private Map<String, Object> ref(Descriptor message) {
        String name = message.getFullName();
        if (!schemas.containsKey(name)) {
            schemas.put(name, Map.of()); // a placeholder while recursive fields are described
            described.put(name, message);
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
        Map<String, Object> all = new LinkedHashMap<>();
        schemas.forEach((name, schema) -> {
            if (inRequests.contains(name)) {
                Map<String, Map<String, Object>> rules = RequestRules.FIELDS.getOrDefault(name, Map.of());
                all.put(name, rules.isEmpty() ? schema : withRules(name, schema, rules));
            } else {
                all.put(name, withRequired(schema, described.get(name).getFields().stream()
                        .filter(field -> !field.hasPresence()).map(FieldDescriptor::getJsonName).toList()));
            }
        });
        return all;
    }

    /** {@code schema} requiring the fields {@code required}, when there are any. */
    private static Map<String, Object> withRequired(Map<String, Object> schema, List<String> required) {
        if (required.isEmpty()) {
            return schema;
        }
        Map<String, Object> withRequired = new LinkedHashMap<>(schema);
        withRequired.put("required", required);
        return withRequired;
    }

    /** {@code schema} with the contract's {@code rules} on its properties, each of those fields required. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withRules(String name, Map<String, Object> schema,
                                                 Map<String, Map<String, Object>> rules) {
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) schema.get("properties"));
        rules.forEach((field, keywords) -> {
            if (!(properties.get(field) instanceof Map<?, ?> property)) {
                throw new IllegalStateException(name + " has no field " + field + " for the contract's rule");
            }
            Map<String, Object> constrained = new LinkedHashMap<>((Map<String, Object>) property);
            constrained.putAll(keywords);
            properties.put(field, constrained);
        });
        Map<String, Object> ruled = new LinkedHashMap<>(schema);
        ruled.put("properties", properties);
        ruled.put("required", properties.keySet().stream().filter(rules::containsKey).toList());
        return ruled;
    }

    private Map<String, Object> single(FieldDescriptor field) {
        return switch (field.getJavaType()) {
            case STRING -> field.getName().endsWith("_at") ? Map.of("type", "string", "format", "date-time")
                    : Map.of("type", "string");
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
