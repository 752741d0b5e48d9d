package com.ticketing.gateway.adapter.grpc;

import com.google.protobuf.Message;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import java.util.Objects;

/** A request as the operation's message, or why it cannot be one. */
public sealed interface Transcoded {

    record Mapped(Message message) implements Transcoded {
        public Mapped {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Nothing may be sent; {@code outcome} says why, in words safe for the client. */
    record Rejected(UpstreamOutcome.Unmappable outcome) implements Transcoded {
        public Rejected {
            Objects.requireNonNull(outcome, "outcome");
        }
    }
}
