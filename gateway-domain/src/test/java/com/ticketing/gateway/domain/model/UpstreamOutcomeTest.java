package com.ticketing.gateway.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UpstreamOutcomeTest {

    @ParameterizedTest
    @EnumSource(FailureKind.class)
    void onlyCallAndHealthFailuresCountAsInfrastructure(FailureKind kind) {
        boolean expected = EnumSet.of(FailureKind.UNKNOWN, FailureKind.DEADLINE_EXCEEDED, FailureKind.INTERNAL,
                FailureKind.UNAVAILABLE).contains(kind);

        assertThat(kind.infrastructure()).isEqualTo(expected);
    }

    @Test
    void failedWithoutReasonOrMessageHasEmptyOnes() {
        UpstreamOutcome.Failed failed = new UpstreamOutcome.Failed(FailureKind.NOT_FOUND, null, null);

        assertThat(failed.reason()).isEmpty();
        assertThat(failed.clientMessage()).isEmpty();
        assertThat(UpstreamOutcome.Failed.of(FailureKind.ABORTED))
                .isEqualTo(new UpstreamOutcome.Failed(FailureKind.ABORTED, "", ""));
    }

    @Test
    void failedKeepsReasonAndMessage() {
        UpstreamOutcome.Failed failed = new UpstreamOutcome.Failed(FailureKind.FAILED_PRECONDITION, "SOLD_OUT", "gone");

        assertThat(failed.reason()).isEqualTo("SOLD_OUT");
        assertThat(failed.clientMessage()).isEqualTo("gone");
    }

    @Test
    void circuitOpenNeedsATimeLeftThatIsNotNegative() {
        assertThat(new UpstreamOutcome.CircuitOpen(Duration.ZERO).retryAfter()).isZero();
        assertThatNullPointerException().isThrownBy(() -> new UpstreamOutcome.CircuitOpen(null));
        assertThatIllegalArgumentException().isThrownBy(() -> new UpstreamOutcome.CircuitOpen(Duration.ofMillis(-1)));
    }

    @Test
    void failedNeedsAKind() {
        assertThatNullPointerException().isThrownBy(() -> new UpstreamOutcome.Failed(null, "", ""));
    }

    @Test
    void okCopiesItsFieldsAndNeedsABody() {
        Map<String, String> fields = new HashMap<>(Map.of("bookingId", "b-1"));
        UpstreamOutcome.Ok ok = new UpstreamOutcome.Ok(new byte[0], false, fields);
        fields.clear();

        assertThat(ok.fields()).isEqualTo(Map.of("bookingId", "b-1"));
        assertThatNullPointerException().isThrownBy(() -> new UpstreamOutcome.Ok(null, false, Map.of()));
    }

    @Test
    void unmappableWithoutFieldHasAnEmptyOneAndNeedsAMessage() {
        assertThat(new UpstreamOutcome.Unmappable(true, null, "not JSON").field()).isEmpty();
        assertThat(new UpstreamOutcome.Unmappable(false, "quantity", "wrong type").field()).isEqualTo("quantity");
        assertThatNullPointerException().isThrownBy(() -> new UpstreamOutcome.Unmappable(false, "f", null));
    }

    @Test
    void tokenChecksNeedTheirContent() {
        assertThatNullPointerException().isThrownBy(() -> new TokenCheck.Verified(null));
        assertThatNullPointerException().isThrownBy(() -> new TokenCheck.Rejected(null));
    }
}
