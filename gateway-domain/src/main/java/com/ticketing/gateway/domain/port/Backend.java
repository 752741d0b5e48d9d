package com.ticketing.gateway.domain.port;

import com.ticketing.gateway.domain.model.UpstreamOutcome;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
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
     * Calls a unary operation once {@code admission} completes with true, and never if it completes
     * with false: then the answer is empty and nothing reached the service. An implementation may
     * prepare the call meanwhile and start it on the thread that completes {@code admission}, so
     * that the caller waits once, for the reply, rather than once for the admission and once more
     * for the reply. An answer that needs no call (an open circuit, a request that fits no message)
     * is given only once the admission is decided, and not at all for a request that is not
     * admitted, so that every layer counts, meters and budgets only what an admitted request met.
     * {@code admission} never completes exceptionally. The default waits for the admission, then
     * calls {@link #call}.
     */
    default Optional<UpstreamOutcome> callIfAdmitted(UpstreamCall call, CompletionStage<Boolean> admission) {
        return admission.toCompletableFuture().join() ? Optional.of(call(call)) : Optional.empty();
    }

    /**
     * Calls a server-streaming operation, handing each message (as REST JSON) to {@code onMessage}
     * on the calling thread; returns when the stream ends: {@code Ok} with an empty body on
     * completion, {@code Failed} otherwise. Interrupting the calling thread cancels the upstream
     * call: the stream ends with {@code Failed} {@code CANCELLED} (how a shutdown stops a watch).
     */
    UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage);
}
