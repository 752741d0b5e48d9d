package com.ticketing.gateway.adapter.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message type as REST JSON sees it: its empty instance and its top-level fields by JSON name
 * (lowerCamelCase, e.g. {@code firstName}). Built once per type at startup.
 */
public record MessageShape(Message prototype, Map<String, FieldDescriptor> fieldsByJsonName) {

    public MessageShape {
        Objects.requireNonNull(prototype, "prototype");
        fieldsByJsonName = Map.copyOf(fieldsByJsonName);
    }

    public static MessageShape of(Message prototype) {
        Map<String, FieldDescriptor> fields = new LinkedHashMap<>();
        for (FieldDescriptor field : prototype.getDescriptorForType().getFields()) {
            fields.put(field.getJsonName(), field);
        }
        return new MessageShape(prototype.getDefaultInstanceForType(), fields);
    }

    public Optional<FieldDescriptor> field(String jsonName) {
        return Optional.ofNullable(fieldsByJsonName.get(jsonName));
    }

    /** Whether the message has a field of that JSON name. */
    public boolean has(String jsonName) {
        return fieldsByJsonName.containsKey(jsonName);
    }

    /** @throws IllegalArgumentException when the message has no such field: a binding that cannot work */
    public FieldDescriptor require(String jsonName) {
        FieldDescriptor field = fieldsByJsonName.get(jsonName);
        if (field == null) {
            throw new IllegalArgumentException(typeName() + " has no field '" + jsonName + "'");
        }
        return field;
    }

    public String typeName() {
        return prototype.getDescriptorForType().getFullName();
    }
}
