package com.ticketing.stub.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Failed-call statuses as {@code google.rpc.Status} (sent in {@code grpc-status-details-bin}).
 * Every message is client-safe text: it may reach a REST client's problem {@code detail}.
 * Documented business failures carry an {@code ErrorInfo} with a {@code CallHeaders.REASON_*} reason;
 * INVALID_ARGUMENT carries a {@code BadRequest} with one field violation per invalid field.
 */
public final class Failures {

    private Failures() {
    }

    public static StatusRuntimeException invalidArgument(String field, String message) {
        return invalidArgument(List.of(new FieldViolation(field, message)));
    }

    /** INVALID_ARGUMENT whose message lists the violations as {@code field: message; field: message}. */
    public static StatusRuntimeException invalidArgument(List<FieldViolation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid request needs at least one violation");
        }
        BadRequest.Builder details = BadRequest.newBuilder();
        violations.forEach(violation -> details.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                .setField(violation.field())
                .setDescription(violation.message())));
        String message = violations.stream().map(FieldViolation::toString).collect(Collectors.joining("; "));
        return failure(Code.INVALID_ARGUMENT, message, Any.pack(details.build()));
    }

    public static StatusRuntimeException notFound(String message) {
        return failure(Code.NOT_FOUND, message);
    }

    public static StatusRuntimeException alreadyExists(String message) {
        return failure(Code.ALREADY_EXISTS, message);
    }

    public static StatusRuntimeException failedPrecondition(String message) {
        return failure(Code.FAILED_PRECONDITION, message);
    }

    public static StatusRuntimeException failedPrecondition(String reason, String domain, String message) {
        return failure(Code.FAILED_PRECONDITION, message, errorInfo(reason, domain));
    }

    public static StatusRuntimeException aborted(String reason, String domain, String message) {
        return failure(Code.ABORTED, message, errorInfo(reason, domain));
    }

    public static StatusRuntimeException unauthenticated(String message) {
        return failure(Code.UNAUTHENTICATED, message);
    }

    public static StatusRuntimeException unauthenticated(String reason, String domain, String message) {
        return failure(Code.UNAUTHENTICATED, message, errorInfo(reason, domain));
    }

    /** INTERNAL with a fixed message: the cause stays in the server log, never in the status. */
    public static StatusRuntimeException internal() {
        return failure(Code.INTERNAL, "internal error");
    }

    private static Any errorInfo(String reason, String domain) {
        return Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(domain).build());
    }

    private static StatusRuntimeException failure(Code code, String message, Any... details) {
        Status.Builder status = Status.newBuilder().setCode(code.getNumber()).setMessage(message);
        for (Any detail : details) {
            status.addDetails(detail);
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }
}
