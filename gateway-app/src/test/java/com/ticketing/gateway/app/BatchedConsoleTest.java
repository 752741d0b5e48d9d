package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchedConsoleTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final LoggerContext context = context();
    private final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger log = context.getLogger("access");
    private final Writes sink = new Writes();
    private final Writes original = new Writes();
    private final OutputStreamAppender<ILoggingEvent> appender = appender(new OutputStreamAppender<>(), original);

    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private <A extends OutputStreamAppender<ILoggingEvent>> A appender(A appender, OutputStream out) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n");
        encoder.start();
        appender.setContext(context);
        appender.setName(BatchedConsole.CONSOLE);
        appender.setEncoder(encoder);
        if (out != null) {
            appender.setOutputStream(out);
        }
        appender.start();
        root.addAppender(appender);
        return appender;
    }

    private static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + " line-" + i).toList();
    }

    @Test
    void linesWaitInTheBufferAndLeaveTogetherInTheirOrder() {
        BatchedConsole console = BatchedConsole.install(appender, root, LONG, sink);
        numbered("GET /api/v1/events", 500).forEach(log::info);

        assertThat(sink.calls()).as("nothing written before a flush").isZero();
        console.close();

        assertThat(sink.lines()).isEqualTo(numbered("INFO GET /api/v1/events", 500));
        assertThat(sink.calls()).as("one write for 500 lines").isEqualTo(1);
        assertThat(original.calls()).isZero();
    }

    @Test
    void theFlusherWritesHeldLinesWithinTheInterval() throws InterruptedException {
        try (BatchedConsole console = BatchedConsole.install(appender, root, Duration.ofMillis(50), sink)) {
            log.info("one");
            log.info("two");
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (sink.lines().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(sink.lines()).containsExactly("INFO one", "INFO two");
        }
    }

    @Test
    void aWarnOrErrorLineLeavesAtOnceWithTheLinesBeforeIt() {
        try (BatchedConsole console = BatchedConsole.install(appender, root, LONG, sink)) {
            log.info("served");
            log.warn("slow request");
            assertThat(sink.lines()).containsExactly("INFO served", "WARN slow request");
            log.info("served again");
            log.error("failed");
            assertThat(sink.lines()).containsExactly("INFO served", "WARN slow request", "INFO served again",
                    "ERROR failed");
            assertThat(sink.calls()).isEqualTo(2);
        }
    }

    @Test
    void theWriterThatFillsTheBufferWritesItWithoutWaitingForTheFlusher() {
        BatchedConsole console = BatchedConsole.install(appender, root, LONG, sink);
        String padding = "x".repeat(90);
        List<String> lines = numbered(padding, 2_000); // ~200 KB: three buffers and a bit

        lines.forEach(log::info);
        assertThat(sink.calls()).as("full buffers written by the logging threads").isBetween(3, 4);
        console.close();

        assertThat(sink.lines()).isEqualTo(lines.stream().map(l -> "INFO " + l).toList());
    }

    @Test
    void aLineLongerThanTheBufferLeavesWholeAfterTheLinesBeforeIt() {
        try (BatchedConsole console = BatchedConsole.install(appender, root, LONG, sink)) {
            String huge = "y".repeat(BatchedConsole.CAPACITY * 2);
            log.info("before");
            log.info(huge);
            assertThat(sink.lines()).containsExactly("INFO before", "INFO " + huge);
            log.info("after");
        }
        assertThat(sink.lines()).hasSize(3).last().isEqualTo("INFO after");
    }

    @Test
    void concurrentWritersLoseNoLineAndSplitNone() throws InterruptedException {
        BatchedConsole console = BatchedConsole.install(appender, root, Duration.ofMillis(2), sink);
        int threads = 8;
        int each = 3_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String name = "writer-" + t;
            writers.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                numbered(name, each).forEach(log::info);
            }));
        }
        start.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        console.close();

        List<String> lines = sink.lines();
        assertThat(lines).hasSize(threads * each).allMatch(l -> l.matches("INFO writer-\\d line-\\d+"));
        for (int t = 0; t < threads; t++) {
            String prefix = "INFO writer-" + t + " ";
            assertThat(lines.stream().filter(l -> l.startsWith(prefix)).toList()).as("writer %d in its order", t)
                    .isEqualTo(numbered("INFO writer-" + t, each));
        }
    }

    @Test
    void closingGivesTheAppenderItsOwnStreamBack() {
        BatchedConsole console = BatchedConsole.install(appender, root, LONG, sink);
        log.info("held");
        console.close();

        assertThat(appender.getOutputStream()).isSameAs(original);
        assertThat(appender.isImmediateFlush()).isTrue();
        assertThat(root.getAppender("console-flush-on-warn")).isNull();
        log.info("after");
        assertThat(sink.lines()).containsExactly("INFO held");
        assertThat(original.lines()).containsExactly("INFO after");
    }

    @Test
    void stoppingLogbackWritesWhatIsHeldAndLaterLinesGoStraightOut() {
        try (BatchedConsole console = BatchedConsole.install(appender, root, LONG, sink)) {
            log.info("held");
            BatchedConsole.Batch batch = (BatchedConsole.Batch) appender.getOutputStream();
            appender.stop(); // what a reset of Logback does to every appender: closes its stream

            assertThat(sink.lines()).containsExactly("INFO held");
            byte[] late = "late\n".getBytes(StandardCharsets.UTF_8);
            batch.write(late, 0, late.length);
            assertThat(sink.lines()).containsExactly("INFO held", "late");
        }
    }

    @Test
    void batchesTheConsoleAppenderOnceAndOnlyForAPositiveInterval() throws Exception {
        root.detachAppender(appender);
        ConsoleAppender<ILoggingEvent> console = appender(new ConsoleAppender<>(), null);
        OutputStream own = console.getOutputStream();

        try (AutoCloseable none = BatchedConsole.install(context, Duration.ZERO)) {
            assertThat(console.getOutputStream()).as("0: one write per line, as before").isSameAs(own);
        }
        try (AutoCloseable batched = BatchedConsole.install(context, Duration.ofMillis(50))) {
            OutputStream batch = console.getOutputStream();
            assertThat(batch).isInstanceOf(BatchedConsole.Batch.class);
            try (AutoCloseable again = BatchedConsole.install(context, Duration.ofMillis(50))) {
                assertThat(console.getOutputStream()).as("a second context in the JVM").isSameAs(batch);
            }
            assertThat(console.getOutputStream()).isSameAs(batch);
        }
        assertThat(console.getOutputStream()).isSameAs(own);
    }

    @Test
    void aContextWithoutAConsoleAppenderIsLeftAlone() throws Exception {
        root.detachAppender(appender);
        try (AutoCloseable none = BatchedConsole.install(context, Duration.ofMillis(50))) {
            assertThat(root.iteratorForAppenders()).toIterable().isEmpty();
        }
    }

    @Test
    void theIntervalIsCheckedNamingItsVariable() {
        assertThat(new LogOutputProperties(null).flushInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(new LogOutputProperties(Duration.ZERO).flushInterval()).isZero();
        assertThat(new LogOutputProperties(Duration.ofSeconds(10)).flushInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThatIllegalArgumentException().isThrownBy(() -> new LogOutputProperties(Duration.ofMillis(-1)))
                .withMessage("LOG_FLUSH_INTERVAL_MS must be between 0 and 10000, not -1");
        assertThatIllegalArgumentException().isThrownBy(() -> new LogOutputProperties(Duration.ofMillis(10_001)))
                .withMessageStartingWith("LOG_FLUSH_INTERVAL_MS");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BatchedConsole.install(appender, root, Duration.ZERO, sink));
    }

    /** An output stream that keeps what each write call gave it. */
    private static final class Writes extends OutputStream {

        private final List<byte[]> calls = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            calls.add(Arrays.copyOfRange(bytes, offset, offset + length));
        }

        synchronized int calls() {
            return calls.size();
        }

        synchronized List<String> lines() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            calls.forEach(all::writeBytes);
            String text = all.toString(StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }
}
