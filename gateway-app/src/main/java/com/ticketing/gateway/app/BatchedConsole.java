package com.ticketing.gateway.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The console's lines leave the process in batches instead of one {@code write(2)} each. The
 * console appender (Spring Boot's {@code CONSOLE}, plain or structured) still encodes every event
 * as before, but into a buffer that goes to standard output every {@code LOG_FLUSH_INTERVAL_MS},
 * whenever it fills ({@value #CAPACITY} bytes), right after every WARN or ERROR line, and when the
 * gateway stops or Logback is reset. A line per request written at once costs each request a system
 * call taken under the stream's lock, and the request threads queue behind it (measured in
 * BENCHMARKS.md); Envoy buffers its access log the same way. An interval of 0 keeps one write per line.
 *
 * <p>The batches go to the console appender's own stream, which writes to {@code System.out} (or
 * {@code System.err}) as it is at the time of each write, so whatever captures the console still
 * sees every line, in order.
 */
final class BatchedConsole implements AutoCloseable {

    /** Bytes held before the writer that fills the buffer writes it itself. */
    static final int CAPACITY = 64 * 1024;
    static final String CONSOLE = "CONSOLE";
    private static final String FLUSHER = "console-flush-on-warn";

    private final OutputStreamAppender<ILoggingEvent> appender;
    private final OutputStream original;
    private final Batch batch;
    private final Appender<ILoggingEvent> flushOnWarn;
    private final Logger root;
    private final Thread flusher;
    private volatile boolean running = true;

    private BatchedConsole(OutputStreamAppender<ILoggingEvent> appender, Logger root, Batch batch,
                           Duration interval) {
        this.appender = appender;
        this.root = root;
        this.batch = batch;
        this.original = appender.getOutputStream();
        appender.setImmediateFlush(false);
        appender.setOutputStream(batch);
        this.flushOnWarn = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                    batch.flush();
                }
            }
        };
        flushOnWarn.setName(FLUSHER);
        flushOnWarn.setContext(root.getLoggerContext());
        flushOnWarn.start();
        root.addAppender(flushOnWarn);
        long nanos = interval.toNanos();
        this.flusher = Thread.ofPlatform().name("console-flusher").daemon().start(() -> {
            while (running) {
                LockSupport.parkNanos(nanos);
                batch.flush();
            }
        });
    }

    /** The {@code CONSOLE} appender of {@code context}'s root logger, if it writes to a stream. */
    static Optional<OutputStreamAppender<ILoggingEvent>> console(LoggerContext context) {
        return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(CONSOLE)
                instanceof OutputStreamAppender<ILoggingEvent> stream ? Optional.of(stream) : Optional.empty();
    }

    /**
     * Batches the {@code CONSOLE} appender of {@code context}'s root logger, if it has one that is
     * not batched yet and {@code interval} is positive; otherwise changes nothing (the returned
     * handle then closes nothing).
     */
    static AutoCloseable install(LoggerContext context, Duration interval) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (interval.isZero() || !(root.getAppender(CONSOLE) instanceof ConsoleAppender<ILoggingEvent> console)
                || console.getOutputStream() instanceof Batch) {
            return () -> { };
        }
        return install(console, root, interval, console.getOutputStream());
    }

    /** Batches {@code appender}, writing its batches to {@code sink}. */
    static BatchedConsole install(OutputStreamAppender<ILoggingEvent> appender, Logger root, Duration interval,
                                  OutputStream sink) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the flush interval must be positive, not " + interval);
        }
        return new BatchedConsole(appender, root, new Batch(sink), interval);
    }

    /** Writes what is buffered, stops the flusher and gives the appender back its own stream. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(flusher);
        try {
            flusher.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        root.detachAppender(flushOnWarn);
        flushOnWarn.stop();
        if (appender.getOutputStream() == batch) {
            appender.setImmediateFlush(true);
            appender.setOutputStream(original); // closes the batch, which writes what it holds
        }
        batch.flush();
    }

    /**
     * Two buffers: writers copy into the current one under a short lock; a flush swaps them and
     * writes the full one outside that lock (under a second lock that keeps batches in order), so a
     * writer never waits for a system call unless its own line overflows the buffer.
     */
    static final class Batch extends OutputStream {

        private final OutputStream sink;
        private final ReentrantLock fill = new ReentrantLock();
        private final ReentrantLock drain = new ReentrantLock();
        private byte[] current = new byte[CAPACITY];
        private byte[] spare = new byte[CAPACITY];
        private int count;
        private boolean closed;

        Batch(OutputStream sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            fill.lock();
            try {
                if (!closed && length <= CAPACITY - count) {
                    System.arraycopy(bytes, offset, current, count, length);
                    count += length;
                    return;
                }
            } finally {
                fill.unlock();
            }
            overflow(bytes, offset, length);
        }

        /** The line does not fit: what is buffered goes first, then the line (buffered if it now fits). */
        private void overflow(byte[] bytes, int offset, int length) {
            drain.lock();
            try {
                flushHoldingDrain();
                if (length >= CAPACITY || closed) {
                    send(bytes, offset, length);
                } else {
                    write(bytes, offset, length);
                }
            } finally {
                drain.unlock();
            }
        }

        @Override
        public void flush() {
            drain.lock();
            try {
                flushHoldingDrain();
            } finally {
                drain.unlock();
            }
        }

        private void flushHoldingDrain() {
            byte[] full;
            int length;
            fill.lock();
            try {
                if (count == 0) {
                    return;
                }
                full = current;
                length = count;
                current = spare;
                spare = full;
                count = 0;
            } finally {
                fill.unlock();
            }
            send(full, 0, length);
        }

        private void send(byte[] bytes, int offset, int length) {
            try {
                sink.write(bytes, offset, length);
                sink.flush();
            } catch (IOException e) {
                // Standard output is gone (a closed pipe): there is nowhere left to say so.
            }
        }

        /** Logback closes the stream when the appender stops or is reset: what is held goes out now. */
        @Override
        public void close() {
            drain.lock();
            try {
                fill.lock();
                try {
                    closed = true;
                } finally {
                    fill.unlock();
                }
                flushHoldingDrain();
            } finally {
                drain.unlock();
            }
        }
    }
}
