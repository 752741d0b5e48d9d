package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.logging.structured.JsonWriterStructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/** The structured console line from Boot's own formatter, as a string encoded at once: the same bytes. */
class StructuredConsoleEncoderTest {

    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"logstash", "ecs", "gelf"})
    void takesTheConsolesPlaceAndWritesBootsBytesForRandomEvents(String format) {
        StructuredLogEncoder boots = boots(format, new MockEnvironment().withProperty("spring.application.name", "gw"));
        ConsoleAppender<ILoggingEvent> console = console(boots);

        assertThat(StructuredConsoleEncoder.install(context)).isTrue();
        Encoder<ILoggingEvent> installed = console.getEncoder();
        assertThat(installed).isInstanceOf(StructuredConsoleEncoder.class);

        Random random = new Random(format.hashCode());
        for (int i = 0; i < 3_000; i++) {
            ILoggingEvent event = randomEvent(random, i);
            assertThat(new String(installed.encode(event), StandardCharsets.UTF_8)).as("event %d", i)
                    .isEqualTo(new String(boots.encode(event), StandardCharsets.UTF_8));
        }
        assertThat(installed.headerBytes()).isEqualTo(boots.headerBytes());
        assertThat(installed.footerBytes()).isEqualTo(boots.footerBytes());
    }

    @Test
    void keepsBootsEncoderWhereItsFormatterIsNotBootsJsonWriter() {
        StructuredLogEncoder boots = boots(PlainFormatter.class.getName(), new MockEnvironment());
        ConsoleAppender<ILoggingEvent> console = console(boots);

        assertThat(StructuredConsoleEncoder.install(context)).isFalse();
        assertThat(console.getEncoder()).isSameAs(boots);
    }

    @Test
    void keepsAPatternEncoder() {
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setContext(context);
        pattern.setPattern("%msg%n");
        pattern.start();
        ConsoleAppender<ILoggingEvent> console = console(pattern);

        assertThat(StructuredConsoleEncoder.install(context)).isFalse();
        assertThat(console.getEncoder()).isSameAs(pattern);
    }

    @Test
    void keepsBootsEncoderWhereTheFormattersStringIsNotItsBytes() {
        StructuredLogEncoder boots = boots(DivergentFormatter.class.getName(), new MockEnvironment());
        ConsoleAppender<ILoggingEvent> console = console(boots);

        assertThat(StructuredConsoleEncoder.replacing(boots, List.of())).as("nothing to compare").isPresent();
        assertThat(StructuredConsoleEncoder.install(context)).isFalse();
        assertThat(console.getEncoder()).isSameAs(boots);
    }

    /** Boot's JSON writer whose bytes are not its string's: the probes tell it apart. */
    public static final class DivergentFormatter extends JsonWriterStructuredLogFormatter<ILoggingEvent> {
        public DivergentFormatter() {
            super(members -> members.add("message", ILoggingEvent::getFormattedMessage), null);
        }

        @Override
        public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
            return format(event).replace("\\u", "\\U").getBytes(charset);
        }
    }

    /** A structured format of the user's own, not Boot's JSON writer: left to Boot's encoder. */
    public static final class PlainFormatter
            implements StructuredLogFormatter<ILoggingEvent> {
        @Override
        public String format(ILoggingEvent event) {
            return event.getFormattedMessage() + "\n";
        }
    }

    private StructuredLogEncoder boots(String format, Environment environment) {
        context.putObject(Environment.class.getName(), environment);
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private ConsoleAppender<ILoggingEvent> console(Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setName(BatchedConsole.CONSOLE);
        console.setContext(context);
        console.setEncoder(encoder);
        console.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(console);
        return console;
    }

    private ILoggingEvent randomEvent(Random random, int i) {
        String[] loggers = {"access", "security", "com.ticketing.gateway.app.AccessLog", "x"};
        Level[] levels = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};
        Throwable failure = random.nextInt(5) == 0 ? new IllegalStateException(text(random),
                random.nextBoolean() ? new IOException(text(random)) : null) : null;
        LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger(loggers[random.nextInt(4)]),
                levels[random.nextInt(5)], text(random) + " {}", failure, new Object[] {text(random)});
        event.setThreadName(random.nextBoolean() ? "api-" + i : text(random));
        event.setTimeStamp(1_733_400_000_000L + random.nextInt(Integer.MAX_VALUE));
        event.setMDCPropertyMap(random.nextBoolean() ? Map.of() : Map.of("requestId", text(random), "traceId",
                "4bf92f3577b34da6a3ce929d0e0e4736", "spanId", "00f067aa0ba902b7"));
        if (random.nextInt(3) == 0) {
            event.addMarker(MarkerFactory.getMarker("m" + random.nextInt(4)));
        }
        if (random.nextInt(3) == 0) {
            event.addKeyValuePair(new KeyValuePair("k" + random.nextInt(3),
                    random.nextBoolean() ? text(random) : random.nextInt()));
        }
        return event;
    }

    /** Text that exercises JSON escaping and encoding: quotes, controls, non-ASCII, surrogates, lone ones too. */
    private static String text(Random random) {
        String[] parts = {"GET /api/v1/events", "\"", "\\", "/", "\t", "\n", "\r", "\u0000", "\u001f", "\u007f",
                "ü", "用户", "\uD83C\uDFAB", "\uD800", "\uDC00", " ", "route=events.list status=200", "{}", ""};
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(6); n >= 0; n--) {
            text.append(parts[random.nextInt(parts.length)]);
        }
        return text.toString();
    }

}
