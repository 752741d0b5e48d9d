package com.ticketing.gateway.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.logging.structured.JsonWriterStructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * Spring Boot's structured console line (the {@code logstash} format production uses, or {@code ecs},
 * {@code gelf}) from the same formatter, built as a string and encoded in one call. Boot's encoder
 * asks the formatter for bytes, and its JSON writer makes those through an unbuffered
 * {@code OutputStreamWriter}, which runs the charset encoder once per character written: 10–14 µs
 * and most of the allocation of an access line (BENCHMARKS.md, lever 13). The formatter's string
 * ({@link StructuredLogFormatter#format}) is the same JSON, written into a {@code StringBuilder}.
 *
 * <p>Boot keeps its formatter to itself, so {@link #install} reads it from the encoder once, at
 * start. It swaps the encoders only if that read succeeds, the formatter is Boot's JSON writer, and
 * both encoders give the same bytes for every probe event; otherwise Boot's encoder stays.
 */
final class StructuredConsoleEncoder extends EncoderBase<ILoggingEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StructuredConsoleEncoder.class);

    private final StructuredLogEncoder boots;
    private final StructuredLogFormatter<ILoggingEvent> formatter;
    private final Charset charset;

    private StructuredConsoleEncoder(StructuredLogEncoder boots, StructuredLogFormatter<ILoggingEvent> formatter,
                                     Charset charset) {
        this.boots = boots;
        this.formatter = formatter;
        this.charset = charset;
    }

    /**
     * Puts this encoder in the place of the {@code CONSOLE} appender's structured encoder in
     * {@code context}, if there is one and this encoder writes what it writes (see {@link #replacing}).
     * Returns whether it did.
     */
    static boolean install(LoggerContext context) {
        Optional<OutputStreamAppender<ILoggingEvent>> console = BatchedConsole.console(context);
        if (console.isEmpty() || !(console.get().getEncoder() instanceof StructuredLogEncoder boots)) {
            return false;
        }
        OutputStreamAppender<ILoggingEvent> stream = console.get();
        Optional<StructuredConsoleEncoder> replacement = replacing(boots, probes(context));
        replacement.ifPresent(encoder -> {
            encoder.setContext(context);
            encoder.start();
            stream.setEncoder(encoder);
        });
        LOG.debug(replacement.isPresent() ? "structured console lines: built as strings, encoded at once"
                : "structured console lines: Spring Boot's encoder writes them");
        return replacement.isPresent();
    }

    /**
     * An encoder of {@code boots}'s own formatter and charset, if it is Boot's JSON writer and gives
     * the very bytes {@code boots} gives for every one of {@code probes}; empty otherwise (a formatter
     * of another kind, or a Boot whose encoder no longer keeps them in these fields).
     */
    @SuppressWarnings("unchecked")
    static Optional<StructuredConsoleEncoder> replacing(StructuredLogEncoder boots, List<ILoggingEvent> probes) {
        StructuredConsoleEncoder candidate;
        try {
            Object formatter = field("formatter").get(boots);
            Object charset = field("charset").get(boots);
            if (!(formatter instanceof JsonWriterStructuredLogFormatter<?>)) {
                return Optional.empty();
            }
            candidate = new StructuredConsoleEncoder(boots, (StructuredLogFormatter<ILoggingEvent>) formatter,
                    charset instanceof Charset set ? set : StandardCharsets.UTF_8);
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return Optional.empty();
        }
        for (ILoggingEvent probe : probes) {
            if (!Arrays.equals(candidate.encode(probe), boots.encode(probe))) {
                return Optional.empty();
            }
        }
        return Optional.of(candidate);
    }

    private static Field field(String name) throws NoSuchFieldException {
        Field field = StructuredLogEncoder.class.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    /**
     * The plain layout's probes, and events with what only structured lines carry: a marker, key-value
     * pairs, a throwable with a cause, and text to escape (quotes, controls, non-ASCII, a lone surrogate).
     */
    static List<ILoggingEvent> probes(LoggerContext context) {
        List<ILoggingEvent> probes = new ArrayList<>(PlainConsoleLayout.probes(context));
        String[] messages = {"quote \" backslash \\ slash / tab \t newline \n nul \u0000 bell \u0007",
                "ünïcödé 用户 \uD83C\uDFAB", "lone \uD800 surrogate", ""};
        for (int i = 0; i < messages.length; i++) {
            LoggingEvent event = new LoggingEvent(StructuredConsoleEncoder.class.getName(),
                    context.getLogger(i % 2 == 0 ? "security" : "com.ticketing.gateway.app.AccessLog"),
                    i % 2 == 0 ? Level.WARN : Level.ERROR, messages[i], i == 1 ? failure() : null, null);
            event.setThreadName("api-" + i);
            event.setTimeStamp(1_733_400_000_123L + i * 1_001L);
            event.setMDCPropertyMap(Map.of("requestId", "r-\"" + i, "traceId", "4bf92f3577b34da6a3ce929d0e0e4736"));
            event.addMarker(MarkerFactory.getMarker("probe-" + i));
            event.addKeyValuePair(new KeyValuePair("status", i % 2 == 0 ? 429 : "ünï\"cödé"));
            probes.add(event);
        }
        return probes;
    }

    private static Throwable failure() {
        IllegalStateException failure = new IllegalStateException("outer \"failure\"",
                new IOException("inner\ncause"));
        failure.setStackTrace(new StackTraceElement[] {new StackTraceElement("a.B", "c", "B.java", 1)});
        return failure;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return formatter.format(event).getBytes(charset);
    }

    /** Stops Boot's encoder too (its throwable converter), as the appender would have. */
    @Override
    public void stop() {
        boots.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return boots.headerBytes();
    }

    @Override
    public byte[] footerBytes() {
        return boots.footerBytes();
    }
}
