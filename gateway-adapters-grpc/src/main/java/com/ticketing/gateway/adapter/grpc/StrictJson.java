package com.ticketing.gateway.adapter.grpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Reads a request body as one JSON object by RFC 8259, strictly: protobuf's JsonFormat alone would
 * accept single quotes, unquoted names and data after the object. Member names must be unique, and
 * known to the message the body is for.
 */
final class StrictJson {

    static final String NOT_JSON = "request body is not valid JSON";
    static final String NOT_AN_OBJECT = "request body must be a JSON object";

    private StrictJson() {
    }

    /**
     * The body's text, checked to be UTF-8 holding exactly one JSON object whose members are all
     * {@code known}. The read stops at the first member that is not (refused naming it as an unknown
     * field), so that a body of many unknown members costs no more than its first.
     */
    static Document parse(byte[] body, Predicate<String> known) throws RejectedJson {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw RejectedJson.malformed(NOT_JSON);
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw RejectedJson.malformed(NOT_AN_OBJECT);
            }
            JsonObject object = new JsonObject();
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (!known.test(name)) {
                    throw RejectedJson.field(name, "unknown field");
                }
                JsonElement value = JsonParser.parseReader(reader);
                if (object.has(name)) {
                    throw RejectedJson.field(name, "must appear only once");
                }
                object.add(name, value);
            }
            reader.endObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw RejectedJson.malformed(NOT_JSON);
            }
            return new Document(text, object);
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
            throw RejectedJson.malformed(NOT_JSON);
        }
    }

    /** A checked body: its text and its members. */
    record Document(String text, JsonObject members) {
    }
}
