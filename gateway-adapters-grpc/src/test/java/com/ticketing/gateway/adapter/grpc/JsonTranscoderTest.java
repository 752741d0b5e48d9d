package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.proto.auth.RefreshTokenRequest;
import com.ticketing.proto.auth.RegisterRequest;
import com.ticketing.proto.booking.Booking;
import com.ticketing.proto.booking.BookingStatus;
import com.ticketing.proto.booking.CreateBookingRequest;
import com.ticketing.proto.booking.GetBookingRequest;
import com.ticketing.proto.booking.ListBookingsResponse;
import com.ticketing.proto.booking.UpdateBookingRequest;
import com.ticketing.proto.ticket.GetEventsRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTranscoderTest {

    private static final MessageShape REGISTER = MessageShape.of(RegisterRequest.getDefaultInstance());
    private static final MessageShape CREATE_BOOKING = MessageShape.of(CreateBookingRequest.getDefaultInstance());
    private static final MessageShape UPDATE_BOOKING = MessageShape.of(UpdateBookingRequest.getDefaultInstance());
    private static final MessageShape GET_EVENTS = MessageShape.of(GetEventsRequest.getDefaultInstance());
    private static final MessageShape BOOKING = MessageShape.of(Booking.getDefaultInstance());

    private final JsonTranscoder transcoder = new JsonTranscoder();

    @Nested
    class JsonToRequest {

        @Test
        void readsCamelCaseFieldsIntoTheMessage() {
            Message message = mapped(REGISTER,
                    "{\"email\":\"ada@example.com\",\"password\":\"secret123\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}");

            assertThat(message).isEqualTo(RegisterRequest.newBuilder().setEmail("ada@example.com")
                    .setPassword("secret123").setFirstName("Ada").setLastName("Lovelace").build());
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "{}", " { } "})
        void anEmptyBodyOrObjectIsTheEmptyMessage(String body) {
            assertThat(mapped(REGISTER, body)).isEqualTo(RegisterRequest.getDefaultInstance());
        }

        @Test
        void nullMeansTheDefaultValue() {
            assertThat(mapped(REGISTER, "{\"email\":null}")).isEqualTo(RegisterRequest.getDefaultInstance());
        }

        @ParameterizedTest(name = "{0} -> {1}: {2}")
        @CsvSource(delimiter = '|', value = {
                "{\"email\":\"a\",\"nickname\":\"x\"}   | nickname  | unknown field",
                "{\"first_name\":\"Ada\"}               | first_name| unknown field",
                "{\"email\":123}                        | email     | must be a string",
                "{\"email\":true}                       | email     | must be a string",
                "{\"email\":[\"a\"]}                    | email     | must be a string",
                "{\"email\":{}}                         | email     | must be a string",
                "{\"email\":\"a\",\"email\":\"b\"}      | email     | must appear only once",
        })
        void rejectsFieldsRegisterRequestDoesNotTake(String body, String field, String message) {
            assertThat(rejected(REGISTER, body)).isEqualTo(new UpstreamOutcome.Unmappable(false, field, message));
        }

        @Test
        void theReadStopsAtTheFirstUnknownMemberSoManyCostNoMoreThanOne() {
            StringBuilder body = new StringBuilder("{\"email\":\"a\"");
            for (int i = 0; i < 90_000; i++) {
                body.append(",\"k").append(i).append("\":[1,2,{\"x\":\"y\"}]");
            }
            body.append(",\"unterminated");
            // Read whole, the body would be malformed JSON (it never ends); the read stops at k0.
            assertThat(rejected(REGISTER, body.toString()))
                    .isEqualTo(new UpstreamOutcome.Unmappable(false, "k0", "unknown field"));
        }

        @ParameterizedTest(name = "{0} -> {1}: {2}")
        @CsvSource(delimiter = '|', value = {
                "{\"eventId\":\"e-1\",\"quantity\":\"abc\"}   | quantity | must be an integer",
                "{\"eventId\":\"e-1\",\"quantity\":1.5}       | quantity | must be an integer",
                "{\"eventId\":\"e-1\",\"quantity\":true}      | quantity | must be an integer",
                "{\"eventId\":\"e-1\",\"quantity\":99999999999} | quantity | must be an integer",
                "{\"eventId\":\"e-1\",\"quantity\":{}}        | quantity | must be an integer",
                "{\"eventId\":7,\"quantity\":1}               | eventId  | must be a string",
        })
        void rejectsValuesOfTheWrongTypeNamingTheField(String body, String field, String message) {
            assertThat(rejected(CREATE_BOOKING, body)).isEqualTo(new UpstreamOutcome.Unmappable(false, field, message));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"7\"", "\"1\"", "\"0\"", "\"1e0\""})
        void rejectsQuotedNumbersThoughProto3JsonWouldTakeThem(String quantity) {
            assertThat(rejected(CREATE_BOOKING, "{\"eventId\":\"e-1\",\"quantity\":" + quantity + "}"))
                    .isEqualTo(new UpstreamOutcome.Unmappable(false, "quantity", "must be an integer"));
        }

        @Test
        void readsAJsonNumberIntoAnIntegerField() {
            assertThat(mapped(CREATE_BOOKING, "{\"eventId\":\"e-1\",\"quantity\":7}"))
                    .isEqualTo(CreateBookingRequest.newBuilder().setEventId("e-1").setQuantity(7).build());
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"status\":\"NOPE\"}", "{\"status\":3}", "{\"status\":\"queued\"}"})
        void rejectsAnEnumValueThatIsNotOneOfItsNames(String body) {
            assertThat(rejected(UPDATE_BOOKING, body)).isEqualTo(new UpstreamOutcome.Unmappable(false, "status",
                    "must be one of QUEUED, RESERVED, CONFIRMED, FAILED, CANCELLED, EXPIRED"));
        }

        @Test
        void readsAnEnumByName() {
            assertThat(mapped(UPDATE_BOOKING, "{\"status\":\"CONFIRMED\"}"))
                    .isEqualTo(UpdateBookingRequest.newBuilder().setStatus(BookingStatus.CONFIRMED).build());
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"email\":", "not json", "{'email':'x'}", "{email:\"x\"}", "{\"email\":\"a\"} xyz",
                "{\"email\":\"a\"}}", "{\"email\":\"a\",}", "{\"email\":\"a\"}{}", "{\"email\":NaN}"})
        void rejectsBodiesThatAreNotStrictJsonAsMalformed(String body) {
            assertThat(rejected(REGISTER, body))
                    .isEqualTo(new UpstreamOutcome.Unmappable(true, "", "request body is not valid JSON"));
        }

        @Test
        void rejectsABodyThatIsNotUtf8AsMalformed() {
            byte[] latin1 = "{\"email\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

            assertThat(transcoder.toRequest(REGISTER, latin1, Map.of())).isEqualTo(new Transcoded.Rejected(
                    new UpstreamOutcome.Unmappable(true, "", "request body is not valid JSON")));
        }

        @ParameterizedTest
        @ValueSource(strings = {"[1]", "\"text\"", "42", "null", "true"})
        void rejectsJsonThatIsNotAnObjectAsMalformed(String body) {
            assertThat(rejected(REGISTER, body))
                    .isEqualTo(new UpstreamOutcome.Unmappable(true, "", "request body must be a JSON object"));
        }

        @Test
        void capsAnUnknownFieldNameAtOneHundredCharacters() {
            String name = "n".repeat(300);

            assertThat(rejected(REGISTER, "{\"" + name + "\":1}").field()).hasSize(100);
        }

        @Test
        void neverEchoesTheClientsValue() {
            String value = "\"" + "<script>".repeat(50) + "\"";

            UpstreamOutcome.Unmappable outcome = rejected(CREATE_BOOKING, "{\"quantity\":" + value + "}");

            assertThat(outcome.message()).isEqualTo("must be an integer").doesNotContain("script");
        }
    }

    @Nested
    class TextFields {

        @Test
        void setsPathFieldsByJsonName() {
            Message message = mapped(MessageShape.of(GetBookingRequest.getDefaultInstance()), Map.of("bookingId", "b-1"));

            assertThat(message).isEqualTo(GetBookingRequest.newBuilder().setBookingId("b-1").build());
        }

        @Test
        void convertsQueryTextToIntegers() {
            Message message = mapped(GET_EVENTS, Map.of("category", "jazz", "page", "2", "pageSize", "50"));

            assertThat(message).isEqualTo(GetEventsRequest.newBuilder().setCategory("jazz").setPage(2).setPageSize(50)
                    .build());
        }

        @Test
        void setsAFieldOnAnEmptyBodyAsRefreshDoes() {
            Message message = transcoder.toRequest(MessageShape.of(RefreshTokenRequest.getDefaultInstance()), new byte[0],
                    Map.of("refreshToken", "r.t.x")) instanceof Transcoded.Mapped m ? m.message() : null;

            assertThat(message).isEqualTo(RefreshTokenRequest.newBuilder().setRefreshToken("r.t.x").build());
        }

        @ParameterizedTest(name = "{0}={1} -> {2}")
        @CsvSource(delimiter = '|', value = {
                "page     | two         | must be an integer",
                "page     | ''          | must be an integer",
                "pageSize | 1.5         | must be an integer",
                "page     | 99999999999 | must be an integer",
                "page     | \u0968      | must be an integer",
                "pageSize | \uff15      | must be an integer",
                "page     | +1          | must be an integer",
                "page     | ' 1'        | must be an integer",
                "page     | -           | must be an integer",
        })
        void rejectsTextThatDoesNotConvert(String field, String text, String message) {
            assertThat(transcoder.toRequest(GET_EVENTS, new byte[0], Map.of(field, text)))
                    .isEqualTo(new Transcoded.Rejected(new UpstreamOutcome.Unmappable(false, field, message)));
        }

        @Test
        void convertsEnumTextByName() {
            assertThat(mapped(UPDATE_BOOKING, Map.of("status", "EXPIRED")))
                    .isEqualTo(UpdateBookingRequest.newBuilder().setStatus(BookingStatus.EXPIRED).build());
            assertThat(transcoder.toRequest(UPDATE_BOOKING, new byte[0], Map.of("status", "expired")))
                    .isInstanceOfSatisfying(Transcoded.Rejected.class, r -> assertThat(r.outcome().message())
                            .startsWith("must be one of QUEUED"));
        }

        @Test
        void aFieldTheMessageDoesNotHaveIsABug() {
            assertThatThrownBy(() -> transcoder.toRequest(GET_EVENTS, new byte[0], Map.of("eventId", "e-1")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ticket.GetEventsRequest has no field 'eventId'");
        }

        private Message mapped(MessageShape shape, Map<String, String> fields) {
            Transcoded result = transcoder.toRequest(shape, new byte[0], fields);
            assertThat(result).isInstanceOf(Transcoded.Mapped.class);
            return ((Transcoded.Mapped) result).message();
        }
    }

    @Nested
    class ReplyToJson {

        @Test
        void printsCamelCaseEnumNamesAndZeroValuesButNotUnsetOptionals() throws Exception {
            Booking queued = Booking.newBuilder().setBookingId("b-1").setEventId("e-1").setQuantity(2)
                    .setStatus(BookingStatus.QUEUED).setQueuePosition(1).setCurrency("EUR").build();

            assertThat(json(queued)).isEqualTo("{\"bookingId\":\"b-1\",\"eventId\":\"e-1\",\"quantity\":2,"
                    + "\"status\":\"QUEUED\",\"queuePosition\":1,\"amountCents\":0,\"currency\":\"EUR\","
                    + "\"createdAt\":\"\",\"updatedAt\":\"\"}");
        }

        @Test
        void printsAnOptionalSetToZero() throws Exception {
            Booking reserved = Booking.newBuilder().setStatus(BookingStatus.RESERVED).setQueuePosition(0)
                    .setHoldExpiresAt("2026-11-27T18:30:00Z").build();

            assertThat(json(reserved)).contains("\"queuePosition\":0", "\"holdExpiresAt\":\"2026-11-27T18:30:00Z\"");
        }

        @Test
        void printsAnEmptyListAsAnEmptyArray() throws Exception {
            assertThat(json(ListBookingsResponse.getDefaultInstance())).isEqualTo("{\"bookings\":[]}");
        }

        @Test
        void extractsRequestedReplyFieldsAsText() {
            Booking queued = Booking.newBuilder().setBookingId("b-1").setStatus(BookingStatus.QUEUED)
                    .setQueuePosition(3).build();

            assertThat(transcoder.fields(queued, BOOKING, Set.of("bookingId", "status", "queuePosition", "holdExpiresAt")))
                    .isEqualTo(Map.of("bookingId", "b-1", "status", "QUEUED", "queuePosition", "3"));
        }

        @Test
        void requestingAFieldTheReplyDoesNotHaveIsABug() {
            assertThatThrownBy(() -> transcoder.fields(Booking.getDefaultInstance(), BOOKING, Set.of("paymentId")))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        private String json(Message message) throws Exception {
            return new String(transcoder.toJson(message), StandardCharsets.UTF_8);
        }
    }

    private Message mapped(MessageShape shape, String body) {
        Transcoded result = transcoder.toRequest(shape, body.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(result).isInstanceOf(Transcoded.Mapped.class);
        return ((Transcoded.Mapped) result).message();
    }

    private UpstreamOutcome.Unmappable rejected(MessageShape shape, String body) {
        Transcoded result = transcoder.toRequest(shape, body.getBytes(StandardCharsets.UTF_8), Map.of());
        assertThat(result).isInstanceOf(Transcoded.Rejected.class);
        return ((Transcoded.Rejected) result).outcome();
    }
}
