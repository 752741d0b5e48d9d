package com.ticketing.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Everything the JVM logs while open: each Logback event (logger, formatted message, arguments,
 * key-value pairs, MDC and the whole throwable chain) from an appender on the root logger, and
 * every byte written to {@code System.out} and {@code System.err} (which are still passed on).
 * Spring Boot resets Logback when an application starts: call {@link #attach()} again after.
 */
final class LogCapture implements AutoCloseable {

    private final Queue<String> events = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            events.add(render(event));
        }
    };
    private final Logger root;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(context);
        appender.setName("log-capture");
        appender.start();
        System.setOut(new PrintStream(tee(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(err), true, StandardCharsets.UTF_8));
        attach();
    }

    /** Puts the appender on the root logger unless it is there already. */
    void attach() {
        if (root.getAppender(appender.getName()) == null) {
            root.addAppender(appender);
        }
    }

    /** Every captured line: the Logback events first, then the console output line by line. */
    List<String> lines() {
        List<String> lines = new ArrayList<>(events);
        synchronized (console) {
            lines.addAll(List.of(console.toString(StandardCharsets.UTF_8).split("\n")));
        }
        return lines;
    }

    int eventCount() {
        return events.size();
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        root.detachAppender(appender);
        appender.stop();
    }

    private OutputStream tee(PrintStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (console) {
                    console.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (console) {
                    console.write(b, off, len);
                }
            }
        };
    }

    private static String render(ILoggingEvent event) {
        StringBuilder line = new StringBuilder().append(event.getLevel()).append(' ').append(event.getLoggerName())
                .append(" : ").append(event.getFormattedMessage());
        if (event.getArgumentArray() != null) {
            for (Object argument : event.getArgumentArray()) {
                line.append(" | arg=").append(argument);
            }
        }
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(kv -> line.append(" | ").append(kv.key).append('=').append(kv.value));
        }
        event.getMDCPropertyMap().forEach((k, v) -> line.append(" | mdc ").append(k).append('=').append(v));
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(" | thrown ").append(t.getClassName()).append(": ").append(t.getMessage());
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                line.append(" at ").append(frame.getSTEAsString());
            }
        }
        return line.toString();
    }
}
