package com.ticketing.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives {@link Caller}s at a constant arrival rate (open model, like wrk2 {@code -R}): a fixed set
 * of worker threads, one per connection, claim the next request number, wait for its intended
 * send time ({@link ArrivalSchedule}) and send it. When every worker is busy the next request is
 * already late when it goes out, and its latency counts from when it was due: a server stall
 * shows up as the queueing it causes instead of being hidden (no coordinated omission). Requests
 * still unsent when the run's time plus a grace period is over are counted as dropped.
 */
public final class LoadGenerator {

    /** Latencies are recorded in microseconds, up to 10 minutes, 3 significant digits. */
    private static final long HIGHEST_MICROS = 600_000_000L;

    private LoadGenerator() {
    }

    /** What a run measured, before it is labelled: see {@link #toResult}. */
    public record Measurement(double targetRate, long completed, long nonSuccess, long errors, long dropped,
                              Histogram latency, Histogram service, double spanSeconds,
                              Map<String, Long> statuses, Map<String, Double> cpuMsPer1k) {

        public double achievedRate() {
            return spanSeconds <= 0 ? 0 : completed / spanSeconds;
        }

        public StepResult toResult(String scenario, String variant, String phase) {
            return new StepResult(scenario, variant, phase, targetRate, achievedRate(), completed, nonSuccess,
                    errors, dropped, ms(latency, 50), ms(latency, 90), ms(latency, 99), ms(latency, 99.9),
                    latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1000.0,
                    latency.getTotalCount() == 0 ? 0 : latency.getMean() / 1000.0,
                    ms(service, 50), ms(service, 99), spanSeconds, statuses, cpuMsPer1k);
        }

        private static double ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private static final class Worker {
        final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
        final Histogram service = new Histogram(HIGHEST_MICROS, 3);
        final Map<String, Long> statuses = new TreeMap<>();
        long completed;
        long nonSuccess;
        long errors;
        long dropped;
        long lastCompletion;
    }

    /**
     * One open-model run. {@code callers.size()} workers (= connections) share the schedule.
     *
     * @param grace how long after the last intended send time requests may still be sent; later ones are dropped
     */
    public static Measurement run(List<Caller> callers, ArrivalSchedule schedule, Duration grace,
                                  List<CpuMeter> meters) {
        int workers = callers.size();
        AtomicLong next = new AtomicLong();
        long total = schedule.totalCount();
        long warmupCount = schedule.warmupCount();
        long start = System.nanoTime() + 20_000_000L; // let every worker start first
        long measureStart = start + schedule.measureStartOffsetNanos();
        long deadline = start + schedule.scheduledLengthNanos() + grace.toNanos();
        Worker[] state = new Worker[workers];
        List<Thread> threads = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            Worker worker = new Worker();
            state[w] = worker;
            Caller caller = callers.get(w);
            threads.add(Thread.ofPlatform().name("load-worker-" + w).daemon().unstarted(() -> {
                for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long intended = schedule.intendedNanos(start, i);
                    boolean measured = i >= warmupCount;
                    if (System.nanoTime() > deadline) {
                        if (measured) {
                            worker.dropped++;
                        }
                        continue;
                    }
                    parkUntil(intended);
                    long sent = System.nanoTime();
                    int status;
                    String failure = null;
                    try {
                        status = caller.call(i);
                    } catch (Exception e) {
                        status = -1;
                        failure = "error " + e.getClass().getSimpleName();
                    }
                    long done = System.nanoTime();
                    if (!measured) {
                        continue;
                    }
                    worker.completed++;
                    worker.lastCompletion = Math.max(worker.lastCompletion, done);
                    worker.latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, (done - intended) / 1000)));
                    worker.service.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, (done - sent) / 1000)));
                    if (failure != null) {
                        worker.errors++;
                        worker.statuses.merge(failure, 1L, Long::sum);
                    } else if (!Caller.isSuccess(status)) {
                        worker.nonSuccess++;
                        worker.statuses.merge(Caller.describe(status), 1L, Long::sum);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        // CPU is sampled when the measured part starts and when the last worker is done.
        parkUntil(measureStart);
        long[] before = meters.stream().mapToLong(CpuMeter::cpuNanos).toArray();
        joinAll(threads);
        long[] after = meters.stream().mapToLong(CpuMeter::cpuNanos).toArray();

        Histogram latency = new Histogram(HIGHEST_MICROS, 3);
        Histogram service = new Histogram(HIGHEST_MICROS, 3);
        Map<String, Long> statuses = new TreeMap<>();
        long completed = 0;
        long nonSuccess = 0;
        long errors = 0;
        long dropped = 0;
        long last = measureStart;
        for (Worker worker : state) {
            latency.add(worker.latency);
            service.add(worker.service);
            worker.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
            completed += worker.completed;
            nonSuccess += worker.nonSuccess;
            errors += worker.errors;
            dropped += worker.dropped;
            last = Math.max(last, worker.lastCompletion);
        }
        if (dropped > 0) {
            statuses.merge("dropped (not sent in time)", dropped, Long::sum);
        }
        double measureSeconds = (schedule.scheduledLengthNanos() - schedule.measureStartOffsetNanos()) / 1e9;
        double span = Math.max(measureSeconds, (last - measureStart) / 1e9);
        return new Measurement(schedule.ratePerSecond(), completed, nonSuccess, errors, dropped, latency, service,
                span, statuses, cpuPer1k(meters, before, after, completed));
    }

    /**
     * Closed loop, for a first capacity estimate only (it hides stalls): every worker sends its next
     * request as soon as the last one is answered, for {@code duration}. Requests per second.
     */
    public static double saturate(List<Caller> callers, Duration duration) {
        AtomicLong index = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < callers.size(); w++) {
            Caller caller = callers.get(w);
            threads.add(Thread.ofPlatform().name("load-probe-" + w).daemon().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        if (Caller.isSuccess(caller.call(index.getAndIncrement()))) {
                            completed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // only successes count
                    }
                }
            }));
        }
        long t0 = System.nanoTime();
        joinAll(threads);
        return completed.get() / ((System.nanoTime() - t0) / 1e9);
    }

    static Map<String, Double> cpuPer1k(List<CpuMeter> meters, long[] before, long[] after, long completed) {
        Map<String, Double> result = new LinkedHashMap<>();
        for (int m = 0; m < meters.size(); m++) {
            if (before[m] >= 0 && after[m] >= 0 && completed > 0) {
                result.put(meters.get(m).name(), (after[m] - before[m]) / 1e6 / completed * 1000.0);
            }
        }
        return result;
    }

    /** Parks until System.nanoTime() reaches {@code target}; returns at once when it is past. */
    static void parkUntil(long target) {
        for (long wait = target - System.nanoTime(); wait > 0; wait = target - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    private static void joinAll(List<Thread> threads) {
        for (Thread thread : threads) {
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
