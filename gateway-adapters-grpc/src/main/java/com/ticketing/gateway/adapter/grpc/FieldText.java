package com.ticketing.gateway.adapter.grpc;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.ticketing.gateway.domain.route.IntRange;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Field values as text (from a path, a query or the gateway) and what a field expects, in the
 * words clients see ("must be an integer").
 */
final class FieldText {

    private FieldText() {
    }

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** True for a single (not repeated) scalar or enum field: the ones text can set. */
    static boolean bindable(FieldDescriptor field) {
        return !field.isRepeated()
                && field.getJavaType() != FieldDescriptor.JavaType.MESSAGE
                && field.getJavaType() != FieldDescriptor.JavaType.BYTE_STRING;
    }

    /**
     * The value {@code text} stands for in {@code field}, or empty when it does not convert. Numbers
     * are read as JSON writes them, in ASCII: Java's parsers also take {@code +1}, other scripts'
     * digits, {@code NaN}, {@code 0x1p3} and {@code 1d}, none of which a client means as a number.
     */
    static Optional<Object> parse(FieldDescriptor field, String text) {
        try {
            return Optional.ofNullable(switch (field.getType()) {
                case STRING -> text;
                case INT32, SINT32, SFIXED32 -> Integer.parseInt(integer(text));
                case UINT32, FIXED32 -> Integer.parseUnsignedInt(integer(text));
                case INT64, SINT64, SFIXED64 -> Long.parseLong(integer(text));
                case UINT64, FIXED64 -> Long.parseUnsignedLong(integer(text));
                case FLOAT -> Float.parseFloat(number(text));
                case DOUBLE -> Double.parseDouble(number(text));
                case BOOL -> "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
                case ENUM -> field.getEnumType().findValueByName(text);
                case BYTES, MESSAGE, GROUP -> throw new IllegalArgumentException(field.getFullName() + " is not bindable");
            });
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code text} if it is an integer in ASCII digits (unsigned parsers refuse the sign themselves). */
    private static String integer(String text) {
        if (!IntRange.isAsciiInteger(text)) {
            throw new NumberFormatException("not an integer");
        }
        return text;
    }

    /** {@code text} if it is a number as JSON writes it. */
    private static String number(String text) {
        if (!JSON_NUMBER.matcher(text).matches()) {
            throw new NumberFormatException("not a JSON number");
        }
        return text;
    }

    /** What a wrong value of {@code field} is told, e.g. {@code must be an integer}. */
    static String expected(FieldDescriptor field) {
        if (field.isMapField()) {
            return "must be an object";
        }
        if (field.isRepeated()) {
            return "must be an array";
        }
        return switch (field.getJavaType()) {
            case STRING -> "must be a string";
            case INT, LONG -> "must be an integer";
            case FLOAT, DOUBLE -> "must be a number";
            case BOOLEAN -> "must be a boolean";
            case BYTE_STRING -> "must be a base64 string";
            case ENUM -> UntrustedText.cap("must be one of " + field.getEnumType().getValues().stream()
                    .filter(v -> !(v.getNumber() == 0 && v.getName().endsWith("UNSPECIFIED")))
                    .map(EnumValueDescriptor::getName)
                    .collect(Collectors.joining(", ")), 100);
            case MESSAGE -> "must be an object";
        };
    }
}
