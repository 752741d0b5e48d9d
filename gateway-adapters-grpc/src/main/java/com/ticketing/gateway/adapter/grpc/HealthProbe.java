package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * What a circuit breaker's trial asks of a service's channel instead of sacrificing a client's
 * call. Implementations must be thread-safe and must not block.
 */
public interface HealthProbe {

    /** Makes the channel try to connect now, whatever its reconnect backoff had grown to. */
    void resetConnectBackoff(Upstream service);

    /**
     * Asks the service whether it serves, waiting up to {@code deadline} for a connection and an
     * answer. Completes true only for SERVING; false (never exceptionally) for anything else.
     */
    CompletionStage<Boolean> serving(Upstream service, Duration deadline);
}
