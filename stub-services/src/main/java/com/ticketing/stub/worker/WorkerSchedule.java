package com.ticketing.stub.worker;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the worker on one daemon thread: the queue's head is decided every {@code pace}, expired
 * holds are swept every {@value #SWEEP_INTERVAL_MILLIS} ms. Shared by every worker instance, like
 * a single consumer behind replicated front ends.
 */
public final class WorkerSchedule implements AutoCloseable {

    public static final long SWEEP_INTERVAL_MILLIS = 100;
    private static final Logger LOG = Logger.getLogger(WorkerSchedule.class.getName());

    private final QueueProcessor processor;
    private final ExpirySweeper sweeper;
    private final Duration pace;
    private ScheduledExecutorService executor;

    public WorkerSchedule(QueueProcessor processor, ExpirySweeper sweeper, Duration pace) {
        this.processor = processor;
        this.sweeper = sweeper;
        this.pace = pace;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "booking-worker");
            thread.setDaemon(true);
            return thread;
        });
        long paceNanos = pace.toNanos();
        executor.scheduleAtFixedRate(guarded("process", processor::processNext), paceNanos, paceNanos,
                TimeUnit.NANOSECONDS);
        executor.scheduleWithFixedDelay(guarded("sweep", sweeper::sweep), SWEEP_INTERVAL_MILLIS,
                SWEEP_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    /** A failing run is logged; it must not cancel the schedule. */
    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "booking worker " + name + " failed", e);
            }
        };
    }
}
