package com.ticketing.gateway.adapter.redis;

/**
 * Told of every Redis command the adapters run: which operation (one of a few fixed names such as
 * {@code "rate limit"} or {@code "read session"}), how long it took, and its {@link Outcome}.
 * Called on the requesting thread; must be cheap and never throw.
 */
@FunctionalInterface
public interface RedisCommandObserver {

    /** Observes nothing. */
    RedisCommandObserver NONE = (operation, nanos, outcome) -> { };

    void completed(String operation, long nanos, Outcome outcome);

    /** How a command ended; every outcome but {@link #SUCCESS} reached the caller as "store unavailable". */
    enum Outcome {
        SUCCESS("success"),
        /** Timeout, connection lost or refused, or another Redis error. */
        ERROR("error"),
        /**
         * The write ran on the primary but too few replicas confirmed it in time (Sentinel only): it
         * might not survive a failover, so it was not acknowledged.
         */
        NOT_REPLICATED("not_replicated"),
        /** The node answered READONLY: it is no longer the primary (a demoted one after a failover). */
        NOT_PRIMARY("not_primary");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** The metric label: lower case, stable. */
        public String label() {
            return label;
        }
    }
}
