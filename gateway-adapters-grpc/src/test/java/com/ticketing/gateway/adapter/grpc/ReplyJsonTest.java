package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.util.JsonFormat;
import com.ticketing.proto.auth.AuthTokens;
import com.ticketing.proto.auth.UserProfile;
import com.ticketing.proto.booking.Booking;
import com.ticketing.proto.booking.ListBookingsResponse;
import com.ticketing.proto.payment.Payment;
import com.ticketing.proto.ticket.GetEventsResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplyJson} against the oracle it must equal, protobuf's own {@code JsonFormat} printer with
 * the transcoder's settings: thousands of random messages of every field type it prints itself, and
 * of every reply type of the platform.
 */
class ReplyJsonTest {

    private static final JsonFormat.Printer ORACLE = JsonFormat.printer().alwaysPrintFieldsWithNoPresence()
            .omittingInsignificantWhitespace();
    private static final String[] TRICKY = {"", "plain", "quote \" backslash \\ slash /", "tab\tnew\nline\rcr\bbs\ff",
        "<script>&amp;='x'</script>", "\u0000\u0001\u001f\u007f", "línea ünïcödé € 🎫", "\u2028\u2029", "a\"b"};

    private final ReplyJson replies = new ReplyJson();
    private final Random random = new Random(20261204);

    @Test
    void printsEveryScalarRepeatedOptionalEnumAndNestedFieldAsJsonFormatDoes() throws Exception {
        Descriptor all = allTypes().findMessageTypeByName("AllTypes");
        for (int i = 0; i < 3000; i++) {
            assertSame(randomMessage(all, 0));
        }
    }

    @Test
    void printsTheZeroValuesOfAnEmptyMessageAsJsonFormatDoes() throws Exception {
        Descriptor all = allTypes().findMessageTypeByName("AllTypes");
        assertSame(DynamicMessage.getDefaultInstance(all));
        assertThat(new String(replies.print(DynamicMessage.getDefaultInstance(all)).orElseThrow(),
                StandardCharsets.UTF_8)).contains("\"int64\":\"0\"", "\"double\":0.0", "\"color\":\"COLOR_UNSET\"",
                "\"strings\":[]").doesNotContain("optionalText", "nested\":");
    }

    @Test
    void printsEveryReplyOfThePlatformAsJsonFormatDoes() throws Exception {
        for (Message reply : List.of(Booking.getDefaultInstance(), ListBookingsResponse.getDefaultInstance(),
                GetEventsResponse.getDefaultInstance(), Payment.getDefaultInstance(), UserProfile.getDefaultInstance(),
                AuthTokens.getDefaultInstance())) {
            Descriptor type = reply.getDescriptorForType();
            assertThat(replies.print(reply)).as(type.getFullName()).isPresent();
            assertSame(reply);
            for (int i = 0; i < 300; i++) {
                DynamicMessage message = randomMessage(type, 0);
                assertSame(message);
                assertSame(reply.getParserForType().parseFrom(message.toByteArray()));
            }
        }
    }

    @Test
    void aFieldThisCopyOfTheMessageDoesNotKnowIsLeftOutAsJsonFormatLeavesItOut() throws Exception {
        Descriptor all = allTypes().findMessageTypeByName("AllTypes");
        DynamicMessage message = randomMessage(all, 0).toBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(50, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
                .addField(99, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("x")).build())
                .build()).build();
        assertSame(message);
    }

    @Test
    void leavesMapsAndWellKnownTypesToJsonFormat() throws Exception {
        FileDescriptor file = allTypes();
        Descriptor withMap = file.findMessageTypeByName("WithMap");
        DynamicMessage map = DynamicMessage.newBuilder(withMap).build();
        assertThat(replies.print(map)).isEmpty();
        assertThat(replies.print(Timestamp.newBuilder().setSeconds(1).build())).isEmpty();
        assertThat(new JsonTranscoder().toJson(map)).isEqualTo(ORACLE.print(map).getBytes(StandardCharsets.UTF_8));
    }

    private void assertSame(Message message) throws Exception {
        String expected = ORACLE.print(message);
        assertThat(replies.print(message)).as(expected).isPresent()
                .hasValueSatisfying(json -> assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(expected));
        assertThat(new String(new JsonTranscoder().toJson(message), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    private DynamicMessage randomMessage(Descriptor type, int depth) {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            if (field.getRealContainingOneof() != null
                    && builder.getOneofFieldDescriptor(field.getRealContainingOneof()) != null) {
                continue;
            }
            if (random.nextInt(3) == 0 || (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth > 2)) {
                continue;
            }
            if (field.isRepeated()) {
                for (int n = random.nextInt(4); n > 0; n--) {
                    builder.addRepeatedField(field, randomValue(field, depth));
                }
            } else {
                builder.setField(field, randomValue(field, depth));
            }
        }
        return builder.build();
    }

    private Object randomValue(FieldDescriptor field, int depth) {
        return switch (field.getJavaType()) {
            case INT -> switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> Integer.MIN_VALUE;
                case 2 -> -1;
                default -> random.nextInt();
            };
            case LONG -> switch (random.nextInt(4)) {
                case 0 -> 0L;
                case 1 -> Long.MIN_VALUE;
                case 2 -> -1L;
                default -> random.nextLong();
            };
            case FLOAT -> new float[] {0f, -0f, 1.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                1e-8f, 3.4e38f, random.nextFloat() * 1000}[random.nextInt(9)];
            case DOUBLE -> new double[] {0d, -0d, 0.1, Double.NaN, Double.NEGATIVE_INFINITY, 1e21, 1e-7, 123456789.5,
                random.nextDouble()}[random.nextInt(9)];
            case BOOLEAN -> random.nextBoolean();
            case STRING -> random.nextBoolean() ? TRICKY[random.nextInt(TRICKY.length)] : randomText();
            case BYTE_STRING -> {
                byte[] bytes = new byte[random.nextInt(7)];
                random.nextBytes(bytes);
                yield ByteString.copyFrom(bytes);
            }
            case ENUM -> field.getEnumType().getValues().get(random.nextInt(field.getEnumType().getValues().size()));
            case MESSAGE -> randomMessage(field.getMessageType(), depth + 1);
        };
    }

    private String randomText() {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            text.append((char) (random.nextBoolean() ? random.nextInt(0x80) : 0x80 + random.nextInt(0xD000)));
        }
        return text.toString();
    }

    /** A proto3 file: every field type singular, optional and repeated, an enum, nested and recursive messages, a oneof, a map. */
    private static FileDescriptor allTypes() throws Exception {
        DescriptorProto.Builder all = DescriptorProto.newBuilder().setName("AllTypes");
        int number = 1;
        Type[] scalars = {Type.TYPE_INT32, Type.TYPE_SINT32, Type.TYPE_SFIXED32, Type.TYPE_UINT32, Type.TYPE_FIXED32,
            Type.TYPE_INT64, Type.TYPE_SINT64, Type.TYPE_SFIXED64, Type.TYPE_UINT64, Type.TYPE_FIXED64, Type.TYPE_BOOL,
            Type.TYPE_FLOAT, Type.TYPE_DOUBLE, Type.TYPE_STRING, Type.TYPE_BYTES};
        for (Type type : scalars) {
            String name = type.name().substring(5).toLowerCase();
            all.addField(field(name, number++, type, Label.LABEL_OPTIONAL));
            all.addField(field(name + "s", number++, type, Label.LABEL_REPEATED));
        }
        all.addField(field("color", number++, Type.TYPE_ENUM, Label.LABEL_OPTIONAL).setTypeName(".t.Color"));
        all.addField(field("colors", number++, Type.TYPE_ENUM, Label.LABEL_REPEATED).setTypeName(".t.Color"));
        all.addField(field("nested", number++, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL).setTypeName(".t.Inner"));
        all.addField(field("nesteds", number++, Type.TYPE_MESSAGE, Label.LABEL_REPEATED).setTypeName(".t.Inner"));
        all.addField(field("optional_text", number++, Type.TYPE_STRING, Label.LABEL_OPTIONAL).setProto3Optional(true)
                .setOneofIndex(1));
        all.addField(field("optional_count", number++, Type.TYPE_INT32, Label.LABEL_OPTIONAL).setProto3Optional(true)
                .setOneofIndex(2));
        all.addField(field("choice_text", number++, Type.TYPE_STRING, Label.LABEL_OPTIONAL).setOneofIndex(0));
        all.addField(field("choice_inner", number + 100, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL)
                .setTypeName(".t.Inner").setOneofIndex(0));
        all.addOneofDecl(OneofDescriptorProto.newBuilder().setName("choice"))
                .addOneofDecl(OneofDescriptorProto.newBuilder().setName("_optional_text"))
                .addOneofDecl(OneofDescriptorProto.newBuilder().setName("_optional_count"));
        DescriptorProto inner = DescriptorProto.newBuilder().setName("Inner")
                .addField(field("label", 1, Type.TYPE_STRING, Label.LABEL_OPTIONAL))
                .addField(field("amount", 2, Type.TYPE_INT64, Label.LABEL_OPTIONAL))
                .addField(field("child", 3, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL).setTypeName(".t.Inner"))
                .build();
        DescriptorProto withMap = DescriptorProto.newBuilder().setName("WithMap")
                .addField(field("labels", 1, Type.TYPE_MESSAGE, Label.LABEL_REPEATED).setTypeName(".t.WithMap.LabelsEntry"))
                .addNestedType(DescriptorProto.newBuilder().setName("LabelsEntry")
                        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                        .addField(field("key", 1, Type.TYPE_STRING, Label.LABEL_OPTIONAL))
                        .addField(field("value", 2, Type.TYPE_STRING, Label.LABEL_OPTIONAL)))
                .build();
        EnumDescriptorProto color = EnumDescriptorProto.newBuilder().setName("Color")
                .addValue(EnumValueDescriptorProto.newBuilder().setName("COLOR_UNSET").setNumber(0))
                .addValue(EnumValueDescriptorProto.newBuilder().setName("RED").setNumber(1))
                .addValue(EnumValueDescriptorProto.newBuilder().setName("GREEN").setNumber(7)).build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("t.proto").setPackage("t")
                .setSyntax("proto3").addMessageType(all).addMessageType(inner).addMessageType(withMap)
                .addEnumType(color).build();
        return FileDescriptor.buildFrom(file, new FileDescriptor[0]);
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Type type, Label label) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(label);
    }
}
