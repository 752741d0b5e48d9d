package com.ticketing.gateway.adapter.grpc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageLite;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints a reply message as proto3 JSON exactly as {@link JsonTranscoder}'s {@code JsonFormat}
 * printer does (lowerCamelCase names, fields in number order, every field without presence printed
 * with its zero value, optional and message fields only when set, enums by name, 64-bit integers
 * as strings, strings escaped as Gson escapes them), but from the message's wire form instead of
 * protobuf's reflective accessors: the generated code serialises the message, and a plan compiled
 * once per message type reads the bytes straight into JSON.
 *
 * <p>Only what it can print exactly has a plan: messages whose fields, nested messages included,
 * are scalars, strings, bytes, enums, messages and repeated ones of these. Maps, groups and
 * protobuf's well-known types (Timestamp, Struct, Any, wrappers …, which have JSON forms of their
 * own) have none: {@link #print} answers empty and the caller prints with {@code JsonFormat}. So
 * does a serialisation out of field order (never produced by generated code). Thread-safe.
 */
final class ReplyJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final Plan NO_PLAN = new Plan(null);
    private final Map<Descriptor, Plan> plans = new ConcurrentHashMap<>();

    /** The message as JSON bytes; empty when it has no plan (then print it with {@code JsonFormat}). */
    Optional<byte[]> print(MessageOrBuilder message) {
        Plan plan = plan(message.getDescriptorForType());
        if (plan.fields == null) {
            return Optional.empty();
        }
        byte[] wire = message instanceof MessageLite lite ? lite.toByteArray()
                : ((MessageLite.Builder) message).buildPartial().toByteArray();
        StringBuilder json = new StringBuilder(wire.length * 2 + 16);
        try {
            print(plan, CodedInputStream.newInstance(wire), json);
        } catch (OutOfOrder | IOException e) {
            return Optional.empty();
        }
        return Optional.of(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Plan plan(Descriptor type) {
        Plan plan = plans.get(type);
        if (plan == null) {
            plan = compile(type, new HashSet<>()) ? plans.get(type) : NO_PLAN;
            plans.putIfAbsent(type, plan);
            plan = plans.get(type);
        }
        return plan;
    }

    /** Compiles the plans of {@code type} and the types it holds; false when one cannot be printed here. */
    private boolean compile(Descriptor type, Set<Descriptor> compiling) {
        Plan known = plans.get(type);
        if (known != null) {
            return known.fields != null;
        }
        if (!compiling.add(type)) {
            return true; // recursive type: its plan is being compiled further up
        }
        if (type.getFile().getPackage().equals("google.protobuf") || type.getOptions().getMapEntry()) {
            return false;
        }
        List<FieldDescriptor> fields = new ArrayList<>(type.getFields());
        fields.sort(Comparator.comparingInt(FieldDescriptor::getNumber));
        for (FieldDescriptor field : fields) {
            if (field.isMapField() || field.getType() == FieldDescriptor.Type.GROUP
                    || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    && !compile(field.getMessageType(), compiling)) {
                return false;
            }
        }
        plans.put(type, new Plan(fields.toArray(FieldDescriptor[]::new)));
        return true;
    }

    /** Prints one message from its wire form, fields in number order; {@code in} ends at the message's end. */
    private void print(Plan plan, CodedInputStream in, StringBuilder json) throws IOException, OutOfOrder {
        json.append('{');
        boolean first = true;
        int tag = in.readTag();
        for (FieldDescriptor field : plan.fields) {
            int number = field.getNumber();
            while (tag != 0 && WireFormat.getTagFieldNumber(tag) < number) {
                if (plan.has(WireFormat.getTagFieldNumber(tag))) {
                    throw new OutOfOrder();
                }
                in.skipField(tag); // a field this gateway's copy of the message does not know: JsonFormat omits it too
                tag = in.readTag();
            }
            boolean present = tag != 0 && WireFormat.getTagFieldNumber(tag) == number;
            if (!present && (field.hasPresence() && !field.isRepeated())) {
                continue;
            }
            json.append(first ? "\"" : ",\"").append(field.getJsonName()).append("\":");
            first = false;
            if (field.isRepeated()) {
                json.append('[');
                boolean firstElement = true;
                while (tag != 0 && WireFormat.getTagFieldNumber(tag) == number) {
                    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED && field.isPackable()) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (in.getBytesUntilLimit() > 0) {
                            json.append(firstElement ? "" : ",");
                            firstElement = false;
                            value(field, in, json);
                        }
                        in.popLimit(limit);
                    } else {
                        json.append(firstElement ? "" : ",");
                        firstElement = false;
                        value(field, in, json);
                    }
                    tag = in.readTag();
                }
                json.append(']');
            } else if (present) {
                value(field, in, json);
                tag = in.readTag();
                if (tag != 0 && WireFormat.getTagFieldNumber(tag) == number) {
                    throw new OutOfOrder(); // a singular field sent twice: merging rules, left to JsonFormat
                }
            } else {
                zero(field, json);
            }
        }
        while (tag != 0) {
            if (plan.has(WireFormat.getTagFieldNumber(tag))) {
                throw new OutOfOrder();
            }
            in.skipField(tag);
            tag = in.readTag();
        }
        json.append('}');
    }

    private void value(FieldDescriptor field, CodedInputStream in, StringBuilder json) throws IOException, OutOfOrder {
        switch (field.getType()) {
            case INT32 -> json.append(in.readInt32());
            case SINT32 -> json.append(in.readSInt32());
            case SFIXED32 -> json.append(in.readSFixed32());
            case UINT32 -> json.append(Integer.toUnsignedString(in.readUInt32()));
            case FIXED32 -> json.append(Integer.toUnsignedString(in.readFixed32()));
            case INT64 -> json.append('"').append(in.readInt64()).append('"');
            case SINT64 -> json.append('"').append(in.readSInt64()).append('"');
            case SFIXED64 -> json.append('"').append(in.readSFixed64()).append('"');
            case UINT64 -> json.append('"').append(Long.toUnsignedString(in.readUInt64())).append('"');
            case FIXED64 -> json.append('"').append(Long.toUnsignedString(in.readFixed64())).append('"');
            case BOOL -> json.append(in.readBool());
            case FLOAT -> {
                float value = in.readFloat();
                floating(value, Float.toString(value), json);
            }
            case DOUBLE -> {
                double value = in.readDouble();
                floating(value, Double.toString(value), json);
            }
            case STRING -> string(in.readStringRequireUtf8(), json);
            case BYTES -> json.append('"').append(Base64.getEncoder().encodeToString(in.readByteArray())).append('"');
            case ENUM -> enumValue(field, in.readEnum(), json);
            case MESSAGE -> {
                Plan nested = plans.get(field.getMessageType());
                if (nested == null || nested.fields == null) {
                    throw new OutOfOrder();
                }
                int limit = in.pushLimit(in.readRawVarint32());
                print(nested, in, json);
                in.popLimit(limit);
            }
            default -> throw new OutOfOrder();
        }
    }

    private static void zero(FieldDescriptor field, StringBuilder json) {
        switch (field.getJavaType()) {
            case LONG -> json.append("\"0\"");
            case FLOAT, DOUBLE -> json.append("0.0");
            case BOOLEAN -> json.append("false");
            case STRING, BYTE_STRING -> json.append("\"\"");
            case ENUM -> enumValue(field, 0, json);
            default -> json.append('0');
        }
    }

    private static void enumValue(FieldDescriptor field, int number, StringBuilder json) {
        EnumValueDescriptor value = field.getEnumType().findValueByNumber(number);
        if (value == null) {
            json.append(number); // a value this copy of the enum does not know: printed as its number
        } else {
            json.append('"').append(value.getName()).append('"');
        }
    }

    /** {@code text} ({@code Float.toString} or {@code Double.toString} of {@code value}); NaN and the infinities as strings. */
    private static void floating(double value, String text, StringBuilder json) {
        if (Double.isNaN(value)) {
            json.append("\"NaN\"");
        } else if (Double.isInfinite(value)) {
            json.append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
            json.append(text);
        }
    }

    /** A JSON string as Gson writes it by default (HTML-safe): what {@code JsonFormat} prints. */
    static void string(String text, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\f' -> json.append("\\f");
                case '<', '>', '&', '=', '\'', '\u2028', '\u2029' -> unicode(c, json);
                default -> {
                    if (c < 0x20) {
                        unicode(c, json);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static void unicode(char c, StringBuilder json) {
        json.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }

    /** The fields of one message type in number order; null fields for a type printed by {@code JsonFormat}. */
    private record Plan(FieldDescriptor[] fields) {

        boolean has(int number) {
            for (FieldDescriptor field : fields) {
                if (field.getNumber() == number) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The wire form is not one this plan reads (fields out of order, a singular field twice). */
    private static final class OutOfOrder extends Exception {
        private static final long serialVersionUID = 1L;

        OutOfOrder() {
            super(null, null, false, false);
        }
    }
}
