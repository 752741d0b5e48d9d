package com.ticketing.gateway.adapter.grpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one mapping between REST JSON and the services' messages (proto3 JSON, lowerCamelCase
 * names). Requests are read strictly: an unknown field or a value of the wrong type is rejected
 * naming the field, never ignored. Replies print every field without presence (zero values
 * included), optional fields only when set, enums by name. Immutable and thread-safe.
 */
public final class JsonTranscoder {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .alwaysPrintFieldsWithNoPresence()
            .omittingInsignificantWhitespace();

    private final ReplyJson replies = new ReplyJson();

    /**
     * The request message from a JSON body (empty for none) and text fields by JSON name; text
     * fields win over the body.
     *
     * @throws IllegalArgumentException when {@code fields} names a field the message does not have:
     *                                  a binding {@link OperationRegistry#validate} refuses at startup
     */
    public Transcoded toRequest(MessageShape request, byte[] jsonBody, Map<String, String> fields) {
        Message.Builder builder = request.prototype().newBuilderForType();
        try {
            if (jsonBody.length > 0) {
                mergeBody(request, StrictJson.parse(jsonBody, request::has), builder);
            }
            for (Map.Entry<String, String> entry : fields.entrySet()) {
                FieldDescriptor field = request.require(entry.getKey());
                Object value = FieldText.parse(field, entry.getValue())
                        .orElseThrow(() -> RejectedJson.field(entry.getKey(), FieldText.expected(field)));
                builder.setField(field, value);
            }
        } catch (RejectedJson e) {
            return new Transcoded.Rejected(e.outcome());
        }
        return new Transcoded.Mapped(builder.build());
    }

    /**
     * The message as REST JSON: from its wire form when {@link ReplyJson} has a plan for its type,
     * else by {@code JsonFormat} — the same text either way. Fails only for a message that cannot be
     * printed (an unknown {@code Any} type).
     */
    public byte[] toJson(MessageOrBuilder message) throws InvalidProtocolBufferException {
        Optional<byte[]> fast = replies.print(message);
        return fast.isPresent() ? fast.get() : PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The values of the named top-level reply fields as text (enums by name); an optional field
     * that is not set is left out.
     *
     * @throws IllegalArgumentException for a name the reply does not have
     */
    public Map<String, String> fields(Message reply, MessageShape shape, Set<String> jsonNames) {
        Map<String, String> values = new HashMap<>();
        for (String name : jsonNames) {
            FieldDescriptor field = shape.require(name);
            if (field.hasPresence() && !reply.hasField(field)) {
                continue;
            }
            Object value = reply.getField(field);
            values.put(name, value instanceof EnumValueDescriptor e ? e.getName() : String.valueOf(value));
        }
        return values;
    }

    private static void mergeBody(MessageShape shape, StrictJson.Document body, Message.Builder builder)
            throws RejectedJson {
        for (Map.Entry<String, JsonElement> member : body.members().entrySet()) {
            FieldDescriptor field = shape.require(member.getKey()); // known: StrictJson read only known members
            if (!JsonFieldKind.fits(field, member.getValue())) {
                throw RejectedJson.field(member.getKey(), FieldText.expected(field));
            }
        }
        try {
            PARSER.merge(body.text(), builder);
        } catch (InvalidProtocolBufferException e) {
            // JsonFormat's messages do not always name the field, and echo the client's value:
            // find the member that fails on its own instead.
            throw culprit(shape, body.members());
        }
    }

    private static RejectedJson culprit(MessageShape shape, JsonObject members) {
        for (Map.Entry<String, JsonElement> member : members.entrySet()) {
            JsonObject alone = new JsonObject();
            alone.add(member.getKey(), member.getValue());
            try {
                PARSER.merge(alone.toString(), shape.prototype().newBuilderForType());
            } catch (InvalidProtocolBufferException e) {
                return RejectedJson.field(member.getKey(), FieldText.expected(shape.require(member.getKey())));
            }
        }
        return RejectedJson.body("request body does not fit the operation's message");
    }
}
