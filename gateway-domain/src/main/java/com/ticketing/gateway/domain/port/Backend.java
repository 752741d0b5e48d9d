package com.ticketing.gateway.domain.port;

import com.ticketing.gateway.domain.model.UpstreamOutcome;
import java.util.function.Consumer;

/**
 * The platform's services, reached by operation name. Implementations translate REST JSON to
 * the services' messages and back, honour the call's deadline and propagate its context.
 * Thread-safe; never throws for a failed call or a request that does not fit the operation's
 * message: those are outcomes.
 */
public interface Backend {

    /** Calls a unary operation. */
    UpstreamOutcome call(UpstreamCall call);

    /**
     * Calls a server-streaming operation, handing each message (as REST JSON) to {@code onMessage}
     * on the calling thread; returns when the stream ends: {@code Ok} with an empty body on
     * completion, {@code Failed} otherwise. Interrupting the calling thread cancels the upstream
     * call: the stream ends with {@code Failed} {@code CANCELLED} (how a shutdown stops a watch).
     */
    UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage);
}
