package com.ticketing.gateway.adapter.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one table from gRPC status codes to the domain's failure kinds, and what of a status may
 * reach clients: the {@code google.rpc.ErrorInfo} reason always, the description only for codes
 * that are business answers meant for the caller. Internal details (INTERNAL, UNKNOWN,
 * UNAVAILABLE, DATA_LOSS, deadline and cancellation texts written by grpc itself) never leak.
 */
public final class GrpcStatusMapping {

    /** Codes whose description a service writes for its callers. */
    static final Set<Status.Code> CLIENT_MESSAGE_CODES = EnumSet.of(
            Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND, Status.Code.ALREADY_EXISTS,
            Status.Code.PERMISSION_DENIED, Status.Code.UNAUTHENTICATED, Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.FAILED_PRECONDITION, Status.Code.ABORTED, Status.Code.OUT_OF_RANGE);

    static final int MAX_CLIENT_MESSAGE = 200;

    /** The most field violations of one status that reach the client. */
    static final int MAX_VIOLATIONS = 50;

    /**
     * A field violation's field, once its indexes are written as names ({@code items[0].quantity}
     * becomes {@code items.0.quantity}): a name, then names or indexes, at most
     * {@link #MAX_FIELD_PATH} characters in all (what a problem's {@code errors} entry holds).
     */
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");
    static final int MAX_FIELD_PATH = 64;
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    /** ErrorInfo's documented reason form: UPPER_SNAKE_CASE, at most 63 characters. */
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9_]{0,61}[A-Z0-9]");

    private GrpcStatusMapping() {
    }

    /** The failure kind of a status code; empty for OK, which is never a failure. */
    public static Optional<FailureKind> kindOf(Status.Code code) {
        return Optional.ofNullable(switch (code) {
            case OK -> null;
            case CANCELLED -> FailureKind.CANCELLED;
            case UNKNOWN -> FailureKind.UNKNOWN;
            case INVALID_ARGUMENT -> FailureKind.INVALID_ARGUMENT;
            case DEADLINE_EXCEEDED -> FailureKind.DEADLINE_EXCEEDED;
            case NOT_FOUND -> FailureKind.NOT_FOUND;
            case ALREADY_EXISTS -> FailureKind.ALREADY_EXISTS;
            case PERMISSION_DENIED -> FailureKind.PERMISSION_DENIED;
            case RESOURCE_EXHAUSTED -> FailureKind.RESOURCE_EXHAUSTED;
            case FAILED_PRECONDITION -> FailureKind.FAILED_PRECONDITION;
            case ABORTED -> FailureKind.ABORTED;
            case OUT_OF_RANGE -> FailureKind.OUT_OF_RANGE;
            case UNIMPLEMENTED -> FailureKind.UNIMPLEMENTED;
            case INTERNAL -> FailureKind.INTERNAL;
            case UNAVAILABLE -> FailureKind.UNAVAILABLE;
            case DATA_LOSS -> FailureKind.DATA_LOSS;
            case UNAUTHENTICATED -> FailureKind.UNAUTHENTICATED;
        });
    }

    /**
     * The outcome of a call that failed with {@code failure}. A failure that carries no gRPC status
     * (the channel itself broke) is UNAVAILABLE.
     */
    public static UpstreamOutcome.Failed failed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException e) {
                return failed(e.getStatus(), e.getTrailers());
            }
            if (t instanceof StatusException e) {
                return failed(e.getStatus(), e.getTrailers());
            }
        }
        return UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE);
    }

    /**
     * The outcome of a call that closed with {@code status} and {@code trailers} (may be null).
     *
     * @throws IllegalArgumentException for OK
     */
    public static UpstreamOutcome.Failed failed(Status status, Metadata trailers) {
        FailureKind kind = kindOf(status.getCode())
                .orElseThrow(() -> new IllegalArgumentException("OK is not a failure"));
        boolean forClients = CLIENT_MESSAGE_CODES.contains(status.getCode());
        String message = forClients ? UntrustedText.cap(status.getDescription(), MAX_CLIENT_MESSAGE) : "";
        com.google.rpc.Status details = details(status, trailers);
        return new UpstreamOutcome.Failed(kind, reason(details), message,
                forClients ? violations(details) : List.of());
    }

    /** The status details sent with the call's trailers; null when there are none or they do not parse. */
    private static com.google.rpc.Status details(Status status, Metadata trailers) {
        try {
            return StatusProto.fromStatusAndTrailers(status, trailers);
        } catch (IllegalArgumentException e) {
            // Details that do not parse, or whose code differs from the call's status.
            return null;
        }
    }

    /** The ErrorInfo reason in the status details, or "" when there is none or it is not well-formed. */
    private static String reason(com.google.rpc.Status details) {
        if (details == null) {
            return "";
        }
        for (Any detail : details.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    String reason = detail.unpack(ErrorInfo.class).getReason();
                    return REASON.matcher(reason).matches() ? reason : "";
                } catch (InvalidProtocolBufferException e) {
                    return "";
                }
            }
        }
        return "";
    }

    /**
     * The field violations of the {@code google.rpc.BadRequest} in the status details, one per
     * named field, in the service's order: at most {@link #MAX_VIOLATIONS}, a field name only in the
     * form of a JSON path ({@link #FIELD}), a description capped like any client message. Empty when
     * there is none.
     */
    private static List<UpstreamOutcome.FieldViolation> violations(com.google.rpc.Status details) {
        if (details == null) {
            return List.of();
        }
        List<UpstreamOutcome.FieldViolation> violations = new ArrayList<>();
        for (Any detail : details.getDetailsList()) {
            if (!detail.is(BadRequest.class)) {
                continue;
            }
            try {
                for (BadRequest.FieldViolation violation : detail.unpack(BadRequest.class).getFieldViolationsList()) {
                    String field = INDEX.matcher(violation.getField()).replaceAll(".$1");
                    if (violations.size() < MAX_VIOLATIONS && field.length() <= MAX_FIELD_PATH
                            && FIELD.matcher(field).matches() && !violation.getDescription().isBlank()) {
                        violations.add(new UpstreamOutcome.FieldViolation(field,
                                UntrustedText.cap(violation.getDescription(), MAX_CLIENT_MESSAGE)));
                    }
                }
            } catch (InvalidProtocolBufferException e) {
                return List.of();
            }
        }
        return violations;
    }
}
