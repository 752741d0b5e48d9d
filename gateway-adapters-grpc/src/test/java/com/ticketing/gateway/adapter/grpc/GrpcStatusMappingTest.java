package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.proto.CallHeaders;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class GrpcStatusMappingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
            "OK,                  none",
            "CANCELLED,           CANCELLED",
            "UNKNOWN,             UNKNOWN",
            "INVALID_ARGUMENT,    INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED,   DEADLINE_EXCEEDED",
            "NOT_FOUND,           NOT_FOUND",
            "ALREADY_EXISTS,      ALREADY_EXISTS",
            "PERMISSION_DENIED,   PERMISSION_DENIED",
            "RESOURCE_EXHAUSTED,  RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION, FAILED_PRECONDITION",
            "ABORTED,             ABORTED",
            "OUT_OF_RANGE,        OUT_OF_RANGE",
            "UNIMPLEMENTED,       UNIMPLEMENTED",
            "INTERNAL,            INTERNAL",
            "UNAVAILABLE,         UNAVAILABLE",
            "DATA_LOSS,           DATA_LOSS",
            "UNAUTHENTICATED,     UNAUTHENTICATED",
    })
    void mapsEveryStatusCodeToItsFailureKindAndOkToNone(Status.Code code, FailureKind expected) {
        assertThat(GrpcStatusMapping.kindOf(code)).isEqualTo(java.util.Optional.ofNullable(expected));
    }

    @Test
    void tableCoversAllSeventeenCodes() {
        assertThat(Status.Code.values()).hasSize(17);
        assertThat(Arrays.stream(Status.Code.values()).filter(c -> GrpcStatusMapping.kindOf(c).isPresent()))
                .hasSize(FailureKind.values().length);
    }

    @Test
    void okIsNeverMadeAFailure() {
        assertThatThrownBy(() -> GrpcStatusMapping.failed(Status.OK, new Metadata()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takesTheReasonFromErrorInfoInTheStatusDetails() {
        StatusRuntimeException declined = withErrorInfo(Status.Code.FAILED_PRECONDITION, "card declined",
                CallHeaders.REASON_PAYMENT_DECLINED);

        assertThat(GrpcStatusMapping.failed(declined)).isEqualTo(new UpstreamOutcome.Failed(
                FailureKind.FAILED_PRECONDITION, "PAYMENT_DECLINED", "card declined"));
    }

    @Test
    void keepsTheReasonButHidesTheMessageOfAnInfrastructureFailure() {
        StatusRuntimeException internal = withErrorInfo(Status.Code.INTERNAL, "NPE at Foo.java:12", "DB_DOWN");

        assertThat(GrpcStatusMapping.failed(internal))
                .isEqualTo(new UpstreamOutcome.Failed(FailureKind.INTERNAL, "DB_DOWN", ""));
    }

    @Test
    void ignoresAReasonThatIsNotUpperSnakeCase() {
        StatusRuntimeException odd = withErrorInfo(Status.Code.ABORTED, "conflict", "not a <reason>");

        assertThat(GrpcStatusMapping.failed(odd).reason()).isEmpty();
    }

    @Test
    void ignoresDetailsWhoseCodeDiffersFromTheStatus() {
        Metadata trailers = new Metadata();
        trailers.put(Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER),
                com.google.rpc.Status.newBuilder().setCode(Status.Code.NOT_FOUND.value())
                        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("SOLD_OUT").build()))
                        .build().toByteArray());

        assertThat(GrpcStatusMapping.failed(Status.ABORTED.withDescription("x"), trailers))
                .isEqualTo(new UpstreamOutcome.Failed(FailureKind.ABORTED, "", "x"));
    }

    @Test
    void takesEveryFieldViolationOfABadRequestInTheServicesOrder() {
        StatusRuntimeException invalid = withDetails(Status.Code.INVALID_ARGUMENT,
                "email: must be a valid email address; password: too short", badRequest(
                        "email", "must be a valid email address",
                        "password", "too short",
                        "items.0.quantity", "must be between 1 and 10"));

        assertThat(GrpcStatusMapping.failed(invalid).violations()).containsExactly(
                new UpstreamOutcome.FieldViolation("email", "must be a valid email address"),
                new UpstreamOutcome.FieldViolation("password", "too short"),
                new UpstreamOutcome.FieldViolation("items.0.quantity", "must be between 1 and 10"));
    }

    @Test
    void dropsViolationsWhoseFieldIsNoJsonPathOrWhoseTextIsBlank() {
        StatusRuntimeException invalid = withDetails(Status.Code.INVALID_ARGUMENT, "bad", badRequest(
                "<script>", "x",
                "", "no field",
                "name", " ",
                "ok", "y".repeat(300)));

        assertThat(GrpcStatusMapping.failed(invalid).violations()).containsExactly(
                new UpstreamOutcome.FieldViolation("ok", "y".repeat(GrpcStatusMapping.MAX_CLIENT_MESSAGE)));
    }

    @Test
    void anIndexInBracketsBecomesAPathSegmentAndAPathLongerThanAnEntryHoldsIsDropped() {
        StatusRuntimeException invalid = withDetails(Status.Code.INVALID_ARGUMENT, "bad", badRequest(
                "emailAddresses[1].email", "not an address",
                "a" + ".b".repeat(40), "too deep",
                "items[x", "half an index"));

        assertThat(GrpcStatusMapping.failed(invalid).violations()).containsExactly(
                new UpstreamOutcome.FieldViolation("emailAddresses.1.email", "not an address"));
    }

    @Test
    void keepsAtMostFiftyViolations() {
        String[] pairs = new String[2 * 80];
        for (int i = 0; i < 80; i++) {
            pairs[2 * i] = "f" + i;
            pairs[2 * i + 1] = "wrong";
        }
        StatusRuntimeException invalid = withDetails(Status.Code.INVALID_ARGUMENT, "bad", badRequest(pairs));

        assertThat(GrpcStatusMapping.failed(invalid).violations()).hasSize(GrpcStatusMapping.MAX_VIOLATIONS)
                .first().isEqualTo(new UpstreamOutcome.FieldViolation("f0", "wrong"));
    }

    @Test
    void anInfrastructureFailureNamesNoFieldsEvenWithABadRequest() {
        StatusRuntimeException internal = withDetails(Status.Code.INTERNAL, "boom", badRequest("secretColumn", "null"));

        assertThat(GrpcStatusMapping.failed(internal).violations()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(names = {"INTERNAL", "UNAVAILABLE", "UNKNOWN", "DEADLINE_EXCEEDED", "DATA_LOSS", "CANCELLED",
            "UNIMPLEMENTED"})
    void hidesTheDescriptionOfNonBusinessCodes(Status.Code code) {
        Status status = Status.fromCode(code).withDescription("connection to 10.0.0.7:5432 refused");

        assertThat(GrpcStatusMapping.failed(status.asRuntimeException()).clientMessage()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(names = {"INVALID_ARGUMENT", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "UNAUTHENTICATED",
            "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE"})
    void passesTheDescriptionOfBusinessCodesToClients(Status.Code code) {
        Status status = Status.fromCode(code).withDescription("booking b-1 not found");

        assertThat(GrpcStatusMapping.failed(status.asRuntimeException()).clientMessage())
                .isEqualTo("booking b-1 not found");
    }

    @Test
    void capsTheClientMessageAtTwoHundredCharacters() {
        String description = "x".repeat(250);

        String message = GrpcStatusMapping.failed(Status.INVALID_ARGUMENT.withDescription(description), null)
                .clientMessage();

        assertThat(message).hasSize(200);
    }

    @Test
    void aBusinessCodeWithoutDescriptionHasAnEmptyMessage() {
        assertThat(GrpcStatusMapping.failed(Status.NOT_FOUND, null))
                .isEqualTo(UpstreamOutcome.Failed.of(FailureKind.NOT_FOUND));
    }

    @Test
    void aFailureWithoutGrpcStatusIsUnavailable() {
        assertThat(GrpcStatusMapping.failed(new IllegalStateException("channel broke", new IOException("reset"))))
                .isEqualTo(UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE));
    }

    @Test
    void findsAStatusWrappedInAnotherException() {
        RuntimeException wrapped = new RuntimeException(Status.NOT_FOUND.withDescription("gone").asRuntimeException());

        assertThat(GrpcStatusMapping.failed(wrapped))
                .isEqualTo(new UpstreamOutcome.Failed(FailureKind.NOT_FOUND, "", "gone"));
    }

    private static StatusRuntimeException withErrorInfo(Status.Code code, String message, String reason) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(code.value()).setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain("ticketing").build()))
                .build());
    }

    private static Any badRequest(String... fieldThenDescription) {
        com.google.rpc.BadRequest.Builder request = com.google.rpc.BadRequest.newBuilder();
        for (int i = 0; i < fieldThenDescription.length; i += 2) {
            request.addFieldViolations(com.google.rpc.BadRequest.FieldViolation.newBuilder()
                    .setField(fieldThenDescription[i]).setDescription(fieldThenDescription[i + 1]));
        }
        return Any.pack(request.build());
    }

    private static StatusRuntimeException withDetails(Status.Code code, String message, Any detail) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder().setCode(code.value())
                .setMessage(message).addDetails(detail).build());
    }
}
