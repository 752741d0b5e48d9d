package com.ticketing.load;

import java.util.Map;

/**
 * One measured run at one offered rate. Latency is from each request's intended send time to its
 * answer (so a stalled server or a late generator shows up), in milliseconds; {@code service*} is
 * from the actual send, for diagnosis only.
 *
 * @param scenario     operation, e.g. {@code availability}
 * @param variant      {@code gateway-memory}, {@code gateway-redis}, {@code gateway-target} or {@code direct-grpc}
 * @param phase        {@code search}, {@code 25%}, {@code 50%}, {@code 75%} …
 * @param targetRate   offered requests per second
 * @param achievedRate completed measured requests per second
 * @param completed    measured requests answered or failed
 * @param nonSuccess   answers that were not 2xx (gRPC: not OK)
 * @param errors       transport errors (no answer)
 * @param dropped      measured requests never sent: the run's time ran out first
 * @param statuses     counts of the non-2xx answers and errors, by kind
 * @param cpuMsPer1k   CPU milliseconds per 1,000 completed requests, per measured process
 */
public record StepResult(
        String scenario,
        String variant,
        String phase,
        double targetRate,
        double achievedRate,
        long completed,
        long nonSuccess,
        long errors,
        long dropped,
        double p50,
        double p90,
        double p99,
        double p999,
        double max,
        double mean,
        double serviceP50,
        double serviceP99,
        double measuredSeconds,
        Map<String, Long> statuses,
        Map<String, Double> cpuMsPer1k) {

    public StepResult withPhase(String newPhase) {
        return new StepResult(scenario, variant, newPhase, targetRate, achievedRate, completed, nonSuccess, errors,
                dropped, p50, p90, p99, p999, max, mean, serviceP50, serviceP99, measuredSeconds, statuses, cpuMsPer1k);
    }

    /** (non-2xx + errors + dropped) / (everything due in the measured part). */
    public double failureRatio() {
        long due = completed + dropped;
        return due == 0 ? 1.0 : (double) (nonSuccess + errors + dropped) / due;
    }
}
