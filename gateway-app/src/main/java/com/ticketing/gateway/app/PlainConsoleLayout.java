package com.ticketing.gateway.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.pattern.Converter;
import ch.qos.logback.core.pattern.ConverterUtil;
import ch.qos.logback.core.pattern.parser.Parser;
import ch.qos.logback.core.spi.ScanException;
import ch.qos.logback.core.util.CachingDateFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.logback.CorrelationIdConverter;

/**
 * Spring Boot's plain console line, {@code <date> <level> <pid> --- [<app>] [<thread>] <correlation>
 * <logger> : <message>}, written into one builder instead of through Logback's chain of converters
 * (a composite, a string and a padding pass per {@code %clr(...)} segment: ~4 KB of garbage and a
 * few µs per line, which the access log pays once per request; BENCHMARKS.md, "Allocation per
 * request"). It stands in for the console's pattern layout only where it writes the very same bytes:
 * {@link #replacing} checks that on probe events of every level, with and without a trace, from
 * short and long thread and logger names, and keeps the pattern layout otherwise (a custom
 * {@code logging.pattern.console}, colours on a terminal, other date or level patterns). Events with
 * a throwable still go through the pattern layout, for its stack-trace rendering.
 */
final class PlainConsoleLayout extends LayoutBase<ILoggingEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(PlainConsoleLayout.class);
    private static final String DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
    private static final int THREAD_WIDTH = 15;
    private static final int LOGGER_WIDTH = 40;
    private static final int MAX_CACHED_LOGGERS = 4096;
    /** {@link #DATE_FORMAT} written with an offset, {@code 2026-12-06T04:59:00.525+01:00}. */
    private static final int DATE_LENGTH = 29;
    private static final String TRACE_ID = "traceId";
    private static final String SPAN_ID = "spanId";
    private static final int TRACE_COLUMNS = 32;
    private static final int SPAN_COLUMNS = 16;
    /** Spring Boot's correlation id: {@code [<32 hex trace id>-<16 hex span id>] }. */
    private static final int CORRELATION_LENGTH = 1 + TRACE_COLUMNS + 1 + SPAN_COLUMNS + 2;

    private final Layout<ILoggingEvent> pattern;
    private final CachingDateFormatter date;
    /** {@code " <pid> --- [<app>] [<group>] ["}: the same for every line. */
    private final String afterLevel;
    /** The converters of the correlation pattern, writing into the line itself; null for none. */
    private final Converter<ILoggingEvent> correlation;
    /**
     * What Spring Boot's {@code %correlationId} with its default parts (trace id in 32 columns, span
     * id in 16) writes for an event without either, when that is the whole correlation pattern: the
     * line then takes the ids from the event's MDC itself rather than through Boot's formatter (a
     * stream, a builder and a string per line). Null otherwise (another pattern, or Boot's with other
     * parts): the converters write it.
     */
    private final String blankCorrelation;
    private final TargetLengthBasedClassNameAbbreviator abbreviator =
            new TargetLengthBasedClassNameAbbreviator(LOGGER_WIDTH - 1);
    private final Map<String, String> loggers = new ConcurrentHashMap<>();
    /**
     * What a line holds besides its message, at most: date, level, {@link #afterLevel}, thread,
     * a trace's correlation id (Spring Boot's), logger, separators. The builder is made this much
     * longer than the message, so that it does not grow (a copy of the whole line) as it is written.
     */
    private final int fixedLength;

    private PlainConsoleLayout(Layout<ILoggingEvent> pattern, String afterLevel,
                               Converter<ILoggingEvent> correlation) {
        this.pattern = pattern;
        this.date = new CachingDateFormatter(DATE_FORMAT);
        this.afterLevel = afterLevel;
        this.correlation = correlation;
        this.blankCorrelation = blankCorrelation(correlation);
        // "<date with offset> <level>", afterLevel, "<thread>] ", correlation, "<logger> : ", line separator
        this.fixedLength = DATE_LENGTH + 1 + 5 + afterLevel.length() + THREAD_WIDTH + 2
                + (correlation == null ? 0 : CORRELATION_LENGTH) + LOGGER_WIDTH + 3 + 2;
    }

    /**
     * Puts this layout in the place of the {@code CONSOLE} appender's pattern layout in
     * {@code context}, if there is one and this layout writes what it writes (see
     * {@link #replacing}). Returns whether it did. Spring Boot's logging system has set the
     * {@code PID}, {@code APPLICATION_NAME}, {@code APPLICATION_GROUP} and
     * {@code LOG_CORRELATION_PATTERN} properties the pattern uses by then.
     */
    static boolean install(LoggerContext context) {
        Optional<OutputStreamAppender<ILoggingEvent>> console = BatchedConsole.console(context);
        if (console.isEmpty() || !(console.get().getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> encoder)
                || !(encoder.getLayout() instanceof PatternLayout pattern)) {
            return false;
        }
        OutputStreamAppender<ILoggingEvent> stream = console.get();
        String afterLevel = " " + property(context, "PID") + " --- " + enclosed(context, "APPLICATION_NAME")
                + enclosed(context, "APPLICATION_GROUP") + "[";
        Layout<ILoggingEvent> chosen;
        try {
            chosen = replacing(pattern, afterLevel,
                    converters(pattern, property(context, "LOG_CORRELATION_PATTERN")), probes(context));
        } catch (ScanException unparsable) {
            chosen = pattern;
        }
        boolean replaced = chosen != pattern;
        if (replaced) {
            // A pattern encoder keeps its layout for good: the appender gets an encoder of the same charset.
            LayoutWrappingEncoder<ILoggingEvent> plain = new LayoutWrappingEncoder<>();
            plain.setContext(context);
            plain.setCharset(encoder.getCharset());
            plain.setLayout(chosen);
            plain.start();
            stream.setEncoder(plain);
        }
        LOG.debug(replaced ? "console lines: the plain layout writes them"
                : "console lines: the pattern layout writes them (a custom pattern or colours)");
        return replaced;
    }

    /** Events that differ in every part the line is made of. */
    static List<ILoggingEvent> probes(LoggerContext context) {
        List<ILoggingEvent> probes = new ArrayList<>();
        String[] loggers = {"access", "com.ticketing.gateway.app.AccessLog",
                "org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext", "x"};
        String[] threads = {"main", "api-12", "http-nio-3000-exec-1234", ""};
        Level[] levels = {Level.INFO, Level.WARN, Level.ERROR, Level.DEBUG, Level.TRACE};
        for (int i = 0; i < 8; i++) {
            LoggingEvent event = new LoggingEvent(PlainConsoleLayout.class.getName(),
                    context.getLogger(loggers[i % loggers.length]), levels[i % levels.length],
                    i % 2 == 0 ? "GET /api/v1/events route={} status={}" : "{} ünïcödé \t {}", null,
                    new Object[] {"events.list", i});
            event.setThreadName(threads[i % threads.length]);
            event.setTimeStamp(1_733_400_000_123L + i * 86_399_999L);
            event.setMDCPropertyMap(switch (i % 4) {
                case 0 -> Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736", "spanId", "00f067aa0ba902b7",
                        "requestId", "r-" + i);
                case 2 -> Map.of("traceId", "short", "spanId", "", "requestId", "r-" + i);
                default -> Map.of();
            });
            probes.add(event);
        }
        return probes;
    }

    private static String property(LoggerContext context, String name) {
        String value = context.getProperty(name);
        return value != null ? value : System.getProperty(name, "");
    }

    /** What Spring Boot's {@code %esb{NAME}} writes: {@code "[value] "}, or nothing. */
    private static String enclosed(LoggerContext context, String name) {
        String value = property(context, name);
        return value.isEmpty() ? "" : "[" + value + "] ";
    }

    /**
     * This layout in place of {@code pattern}, if it writes exactly what {@code pattern} writes for
     * every one of {@code probes}; otherwise {@code pattern} itself.
     *
     * @param afterLevel  what {@code pattern} writes between the level and the thread name
     * @param correlation what {@code pattern} writes for an event's trace, before the logger name
     */
    static Layout<ILoggingEvent> replacing(Layout<ILoggingEvent> pattern, String afterLevel,
                                           Converter<ILoggingEvent> correlation,
                                           List<ILoggingEvent> probes) {
        PlainConsoleLayout plain = new PlainConsoleLayout(pattern, afterLevel, correlation);
        plain.setContext(pattern.getContext());
        for (ILoggingEvent probe : probes) {
            if (!plain.doLayout(probe).equals(pattern.doLayout(probe))) {
                return pattern;
            }
        }
        plain.start();
        return plain;
    }

    /**
     * {@code subPattern} compiled into Logback's converters with {@code whole}'s conversion words, as
     * a pattern layout compiles its own, so that they write into the line rather than a builder and a
     * string of their own per event; null for an empty pattern.
     */
    static Converter<ILoggingEvent> converters(PatternLayout whole, String subPattern) throws ScanException {
        if (subPattern == null || subPattern.isEmpty()) {
            return null;
        }
        Parser<ILoggingEvent> parser = new Parser<>(subPattern);
        parser.setContext(whole.getContext());
        Converter<ILoggingEvent> head = parser.compile(parser.parse(), whole.getEffectiveConverterMap());
        ConverterUtil.setContextForConverters(whole.getContext(), head);
        ConverterUtil.startConverters(head);
        return head;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        if (event.getThrowableProxy() != null) {
            return pattern.doLayout(event);
        }
        String message = event.getFormattedMessage();
        StringBuilder line = new StringBuilder(fixedLength + (message == null ? 4 : message.length()));
        line.append(date.format(event.getTimeStamp())).append(' ');
        padLeft(line, event.getLevel().toString(), 5);
        line.append(afterLevel);
        String thread = event.getThreadName();
        padLeft(line, thread.length() > THREAD_WIDTH ? thread.substring(thread.length() - THREAD_WIDTH) : thread,
                THREAD_WIDTH);
        line.append("] ");
        if (blankCorrelation != null) {
            correlation(line, blankCorrelation, event.getMDCPropertyMap());
        } else {
            for (Converter<ILoggingEvent> converter = correlation; converter != null; converter = converter.getNext()) {
                converter.write(line, event);
            }
        }
        line.append(logger(event.getLoggerName())).append(" : ")
                .append(message).append(CoreConstants.LINE_SEPARATOR);
        return line.toString();
    }

    /** Whether the line's correlation id is written from the MDC by this layout (see {@link #blankCorrelation}). */
    boolean writesCorrelationItself() {
        return blankCorrelation != null;
    }

    /**
     * See {@link #blankCorrelation}: what Boot's converter writes without ids, if {@code correlation}
     * is that converter alone and writes, for ids of every width and either id missing, what
     * {@link #correlation(StringBuilder, String, Map)} writes (its default parts); else null.
     */
    private static String blankCorrelation(Converter<ILoggingEvent> correlation) {
        if (!(correlation instanceof CorrelationIdConverter boots) || correlation.getNext() != null) {
            return null;
        }
        String blank = boots.convert(traced(Map.of()));
        List<Map<String, String>> samples = List.of(
                Map.of(TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736", SPAN_ID, "00f067aa0ba902b7"),
                Map.of(TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736ffff", SPAN_ID, "0"),
                Map.of(TRACE_ID, "abc"), Map.of(SPAN_ID, "00f067aa0ba902b7"), Map.of(TRACE_ID, "", SPAN_ID, "1"));
        for (Map<String, String> mdc : samples) {
            StringBuilder ours = new StringBuilder();
            correlation(ours, blank, mdc);
            if (!ours.toString().equals(boots.convert(traced(mdc)))) {
                return null;
            }
        }
        return blank;
    }

    private static ILoggingEvent traced(Map<String, String> mdc) {
        LoggingEvent event = new LoggingEvent();
        event.setMDCPropertyMap(mdc);
        return event;
    }

    /** {@code [<trace id>-<span id>] }, each padded to its columns, or {@code blank} when the event has neither. */
    private static void correlation(StringBuilder line, String blank, Map<String, String> mdc) {
        String trace = mdc == null ? null : mdc.get(TRACE_ID);
        String span = mdc == null ? null : mdc.get(SPAN_ID);
        if ((trace == null || trace.isEmpty()) && (span == null || span.isEmpty())) {
            line.append(blank);
            return;
        }
        padRight(line.append('['), trace, TRACE_COLUMNS);
        padRight(line.append('-'), span, SPAN_COLUMNS);
        line.append("] ");
    }

    private static void padRight(StringBuilder line, String text, int width) {
        String value = text == null ? "" : text;
        line.append(value).repeat(' ', Math.max(0, width - value.length()));
    }

    /** The logger's name abbreviated, cut and padded to {@value #LOGGER_WIDTH} characters, as {@code %-40.40logger{39}}. */
    private String logger(String name) {
        String cached = loggers.get(name);
        if (cached != null) {
            return cached;
        }
        String abbreviated = abbreviator.abbreviate(name);
        if (abbreviated.length() > LOGGER_WIDTH) {
            abbreviated = abbreviated.substring(abbreviated.length() - LOGGER_WIDTH);
        }
        String padded = abbreviated + " ".repeat(LOGGER_WIDTH - abbreviated.length());
        if (loggers.size() < MAX_CACHED_LOGGERS) {
            loggers.put(name, padded);
        }
        return padded;
    }

    private static void padLeft(StringBuilder line, String text, int width) {
        for (int i = text.length(); i < width; i++) {
            line.append(' ');
        }
        line.append(text);
    }
}
