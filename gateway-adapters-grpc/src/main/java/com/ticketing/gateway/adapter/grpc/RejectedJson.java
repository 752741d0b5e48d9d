package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.model.UpstreamOutcome;

/** Raised while reading a request body that cannot become the operation's message; carries what clients are told. */
final class RejectedJson extends Exception {

    private final transient UpstreamOutcome.Unmappable outcome;

    private RejectedJson(UpstreamOutcome.Unmappable outcome) {
        super(outcome.message(), null, false, false);
        this.outcome = outcome;
    }

    static RejectedJson malformed(String message) {
        return new RejectedJson(new UpstreamOutcome.Unmappable(true, "", message));
    }

    /** A problem with the body as a whole, though it is JSON. */
    static RejectedJson body(String message) {
        return new RejectedJson(new UpstreamOutcome.Unmappable(false, "", message));
    }

    /** A problem with one field; the name came from the client, so it is capped. */
    static RejectedJson field(String jsonName, String message) {
        return new RejectedJson(new UpstreamOutcome.Unmappable(false, UntrustedText.cap(jsonName, 100), message));
    }

    UpstreamOutcome.Unmappable outcome() {
        return outcome;
    }
}
