package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.service.ApiResult;
import com.ticketing.gateway.domain.service.AuthProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProblemMappingTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
            "CANCELLED, 499, INTERNAL",
            "UNKNOWN, 500, INTERNAL",
            "INVALID_ARGUMENT, 400, VALIDATION_FAILED",
            "DEADLINE_EXCEEDED, 504, UPSTREAM_TIMEOUT",
            "NOT_FOUND, 404, NOT_FOUND",
            "ALREADY_EXISTS, 409, CONFLICT",
            "PERMISSION_DENIED, 403, FORBIDDEN",
            "UNAUTHENTICATED, 401, UNAUTHENTICATED",
            "RESOURCE_EXHAUSTED, 429, RATE_LIMITED",
            "FAILED_PRECONDITION, 400, VALIDATION_FAILED",
            "ABORTED, 409, CONFLICT",
            "OUT_OF_RANGE, 400, VALIDATION_FAILED",
            "UNIMPLEMENTED, 501, INTERNAL",
            "INTERNAL, 500, INTERNAL",
            "UNAVAILABLE, 503, SERVICE_UNAVAILABLE",
            "DATA_LOSS, 500, INTERNAL"})
    void mapsEveryFailureKindLikeTheContractTable(FailureKind kind, int status, ProblemCode code) {
        Problem problem = ProblemMapping.toProblem(new ApiResult.ServiceFailure(UpstreamOutcome.Failed.of(kind)), false);

        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.code()).isEqualTo(code);
        assertThat(problem.detail()).isNotBlank();
    }

    @ParameterizedTest(name = "reason {0} -> {1} {2}")
    @CsvSource({
            "SOLD_OUT, FAILED_PRECONDITION, 409, SOLD_OUT",
            "PAYMENT_DECLINED, FAILED_PRECONDITION, 402, PAYMENT_DECLINED",
            "BOOKING_NOT_PAYABLE, ABORTED, 409, CONFLICT"})
    void serviceReasonsNameMorePreciseAnswers(String reason, FailureKind kind, int status, ProblemCode code) {
        Problem problem = ProblemMapping.toProblem(
                new ApiResult.ServiceFailure(new UpstreamOutcome.Failed(kind, reason, "")), true);

        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.code()).isEqualTo(code);
    }

    @Test
    void aShedRequestIsA503ServiceUnavailableRetriedAfterOneSecond() {
        Problem problem = ProblemMapping.overloaded();

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE);
        assertThat(problem.headers()).containsExactly(Map.entry("Retry-After", "1"));
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "1, 1", "1000, 1", "1001, 2", "29999, 30", "30000, 30"})
    void anOpenCircuitIs503ServiceUnavailableRetriedWhenItsOpenPeriodEnds(long leftMillis, String retryAfter) {
        Problem problem = ProblemMapping.toProblem(new ApiResult.CircuitOpen(Duration.ofMillis(leftMillis)), false);

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE);
        assertThat(problem.detail()).isEqualTo("a service is temporarily unavailable");
        assertThat(problem.headers()).containsExactly(Map.entry("Retry-After", retryAfter));
    }

    @Test
    void unavailableServiceAnswersWithRetryAfter() {
        Problem problem = ProblemMapping.toProblem(
                new ApiResult.ServiceFailure(UpstreamOutcome.Failed.of(FailureKind.UNAVAILABLE)), false);

        assertThat(problem.headers()).containsEntry("Retry-After", ProblemMapping.RETRY_AFTER_UNAVAILABLE);
    }

    @Test
    void serviceValidationMessageBecomesAFieldError() {
        Problem problem = ProblemMapping.toProblem(new ApiResult.ServiceFailure(new UpstreamOutcome.Failed(
                FailureKind.INVALID_ARGUMENT, "", "email: must be a valid email address")), false);

        assertThat(problem.errors()).containsExactly(
                new Problem.FieldError("email", "must be a valid email address"));
        assertThat(problem.detail()).isEqualTo("email: must be a valid email address");
    }

    @Test
    void everyFieldTheServiceNamedBecomesAnEntryOfItsOwn() {
        Problem problem = ProblemMapping.toProblem(new ApiResult.ServiceFailure(new UpstreamOutcome.Failed(
                FailureKind.INVALID_ARGUMENT, "", "email: must be a valid email address; password: too short",
                List.of(new UpstreamOutcome.FieldViolation("email", "must be a valid email address"),
                        new UpstreamOutcome.FieldViolation("password", "too short")))), false);

        assertThat(problem.errors()).containsExactly(
                new Problem.FieldError("email", "must be a valid email address"),
                new Problem.FieldError("password", "too short"));
        assertThat(problem.detail()).isEqualTo("email: must be a valid email address; password: too short");
        assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
    }

    @Test
    void clientMessageReplacesTheDefaultDetail() {
        Problem problem = ProblemMapping.toProblem(new ApiResult.ServiceFailure(
                new UpstreamOutcome.Failed(FailureKind.NOT_FOUND, "", "booking not found")), false);

        assertThat(problem.detail()).isEqualTo("booking not found");
        assertThat(problem.errors()).isEmpty();
    }

    @Test
    void aRefusedStreamTicketChallengesWithInvalidToken() {
        Problem problem = ProblemMapping.toProblem(new ApiResult.Unauthenticated(AuthProblem.INVALID_STREAM_TICKET),
                false);

        assertThat(problem.status()).isEqualTo(401);
        assertThat(problem.headers()).containsEntry("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }

    @Test
    void missingTokenChallengesWithoutError() {
        Problem problem = ProblemMapping.toProblem(new ApiResult.Unauthenticated(AuthProblem.MISSING_TOKEN), false);

        assertThat(problem.status()).isEqualTo(401);
        assertThat(problem.headers()).containsEntry("WWW-Authenticate", "Bearer");
    }

    @Test
    void sentTokenChallengesWithInvalidToken() {
        Problem problem = ProblemMapping.toProblem(new ApiResult.Unauthenticated(AuthProblem.INVALID_TOKEN), true);

        assertThat(problem.headers()).containsEntry("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        assertThat(problem.code()).isEqualTo(ProblemCode.UNAUTHENTICATED);
    }

    @Test
    void expiredTokenHasItsOwnCode() {
        Problem problem = ProblemMapping.toProblem(new ApiResult.Unauthenticated(AuthProblem.TOKEN_EXPIRED), true);

        assertThat(problem.code()).isEqualTo(ProblemCode.TOKEN_EXPIRED);
        assertThat(problem.status()).isEqualTo(401);
    }

    @Test
    void malformedJsonAndInvalidFieldsAreTold400Apart() {
        Problem malformed = ProblemMapping.toProblem(new ApiResult.InvalidInput(true, "", "not JSON"), false);
        Problem field = ProblemMapping.toProblem(new ApiResult.InvalidInput(false, "quantity", "unknown field"), false);

        assertThat(malformed.code()).isEqualTo(ProblemCode.MALFORMED_JSON);
        assertThat(field.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
        assertThat(field.errors()).containsExactly(new Problem.FieldError("quantity", "unknown field"));
    }

    @Test
    void storeUnavailableFailsClosedWith503() {
        Problem problem = ProblemMapping.toProblem(new ApiResult.StoreUnavailable("sessions"), true);

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.code()).isEqualTo(ProblemCode.SERVICE_UNAVAILABLE);
        assertThat(problem.headers()).containsKey("Retry-After");
    }
}
