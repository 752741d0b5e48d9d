package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ansi.AnsiOutput;

/**
 * The plain console layout against Logback's pattern layout configured as Spring Boot configures its
 * console ({@code defaults.xml} and {@code console-appender.xml}, which Boot keeps equal to its
 * programmatic set-up): the same bytes for every event, or no replacement at all.
 */
class PlainConsoleLayoutTest {

    private static final String[] LOGGERS = {"access", "x", "com.ticketing.gateway.app.AccessLog",
            "org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext",
            "io.grpc.netty.shaded.io.grpc.netty.NettyClientHandler$PingCountingFrameWriter",
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.aa.bb.cc.dd.ee.ff.gg.hh.ii.jj.kk.ll.Last"};
    private static final String[] THREADS = {"main", "", "api-1", "api-123456789012", "api-1234567890123",
            "http-nio-3000-exec-12345", "console-flusher", "redis lettuce-epollEventLoop-4-1"};
    private static final Level[] LEVELS = {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR};

    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void stop() {
        context.stop();
        AnsiOutput.setEnabled(AnsiOutput.Enabled.DETECT);
    }

    private OutputStreamAppender<ILoggingEvent> bootConsole(Map<String, String> properties) throws JoranException {
        context.setMDCAdapter(new LogbackMDCAdapter());
        properties.forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream("""
                <configuration>
                  <include resource="org/springframework/boot/logging/logback/defaults.xml"/>
                  <include resource="org/springframework/boot/logging/logback/console-appender.xml"/>
                  <root level="TRACE"><appender-ref ref="CONSOLE"/></root>
                </configuration>
                """.getBytes(StandardCharsets.UTF_8)));
        return (OutputStreamAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .<ILoggingEvent>getAppender(BatchedConsole.CONSOLE);
    }

    private static Map<String, String> gateway() {
        Map<String, String> properties = new HashMap<>();
        properties.put("PID", "4242");
        properties.put("APPLICATION_NAME", "ticketing-gateway");
        properties.put("LOG_CORRELATION_PATTERN", "%correlationId");
        return properties;
    }

    private static Layout<ILoggingEvent> layout(OutputStreamAppender<ILoggingEvent> appender) {
        return ((LayoutWrappingEncoder<ILoggingEvent>) appender.getEncoder()).getLayout();
    }

    private LoggingEvent event(Random random, Throwable failure) {
        LoggingEvent event = new LoggingEvent(getClass().getName(),
                context.getLogger(LOGGERS[random.nextInt(LOGGERS.length)]), LEVELS[random.nextInt(LEVELS.length)],
                random.nextBoolean() ? "GET {} route={} status={}" : "plain ünïcödé line\twith a tab {}", failure,
                new Object[] {"/api/v1/events/evt-" + random.nextInt(1000), "events.availability", 200});
        event.setThreadName(THREADS[random.nextInt(THREADS.length)]);
        event.setTimeStamp(1_700_000_000_000L + (random.nextLong() & 0xFFFFFFFFFFL));
        Map<String, String> mdc = new HashMap<>();
        switch (random.nextInt(6)) {
            case 0, 1 -> {
                mdc.put("traceId", "%032x".formatted(random.nextLong() & Long.MAX_VALUE));
                mdc.put("spanId", "%016x".formatted(random.nextLong() & Long.MAX_VALUE));
            }
            case 2 -> mdc.put("traceId", "%x".formatted(random.nextLong() & Long.MAX_VALUE)); // no span, shorter
            case 3 -> {
                mdc.put("spanId", "%x".formatted(random.nextInt() & Integer.MAX_VALUE));
                mdc.put("traceId", random.nextBoolean() ? "" : "%040x".formatted(random.nextLong() & Long.MAX_VALUE));
            }
            default -> {
                // no trace
            }
        }
        event.setMDCPropertyMap(mdc);
        return event;
    }

    @Test
    void replacesSpringBootsConsolePatternAndWritesTheSameBytesForEveryEvent() throws JoranException {
        for (Map<String, String> properties : new Map[] {gateway(), Map.of("PID", "7"),
                Map.of("PID", "99", "APPLICATION_NAME", "gw", "APPLICATION_GROUP", "ticketing")}) {
            context.reset();
            OutputStreamAppender<ILoggingEvent> console = bootConsole(properties);
            Layout<ILoggingEvent> pattern = layout(console);

            assertThat(PlainConsoleLayout.install(context)).as("%s", properties).isTrue();

            Layout<ILoggingEvent> plain = layout(console);
            assertThat(plain).isInstanceOf(PlainConsoleLayout.class);
            // The layout reads the pattern as Boot's does: the context's property, else the system property
            // (which an application started earlier in this JVM may have set).
            String correlation = properties.getOrDefault("LOG_CORRELATION_PATTERN",
                    System.getProperty("LOG_CORRELATION_PATTERN"));
            assertThat(((PlainConsoleLayout) plain).writesCorrelationItself()).as("Boot's default %correlationId: " + correlation)
                    .isEqualTo("%correlationId".equals(correlation));
            assertThat(console.getEncoder().isStarted()).isTrue();
            Random random = new Random(properties.hashCode());
            for (int i = 0; i < 3_000; i++) {
                LoggingEvent event = event(random, null);
                assertThat(plain.doLayout(event)).as("event %d of %s", i, properties).isEqualTo(pattern.doLayout(event));
            }
        }
    }

    @Test
    void anEventWithAThrowableIsWrittenByThePatternWithItsStackTrace() throws JoranException {
        OutputStreamAppender<ILoggingEvent> console = bootConsole(gateway());
        Layout<ILoggingEvent> pattern = layout(console);
        PlainConsoleLayout.install(context);
        LoggingEvent event = event(new Random(7), new IllegalStateException("boom"));

        String line = layout(console).doLayout(event);

        assertThat(line).isEqualTo(pattern.doLayout(event)).contains("java.lang.IllegalStateException: boom",
                "at com.ticketing.gateway.app.PlainConsoleLayoutTest");
    }

    @Test
    void keepsACustomConsolePattern() throws JoranException {
        Map<String, String> properties = gateway();
        properties.put("CONSOLE_LOG_PATTERN", "%d{HH:mm:ss} %-5level %logger{20} %msg%n");
        OutputStreamAppender<ILoggingEvent> console = bootConsole(properties);
        Layout<ILoggingEvent> pattern = layout(console);

        assertThat(PlainConsoleLayout.install(context)).isFalse();
        assertThat(layout(console)).isSameAs(pattern);
    }

    @Test
    void keepsThePatternWhenTheConsoleIsInColour() throws JoranException {
        AnsiOutput.setEnabled(AnsiOutput.Enabled.ALWAYS);
        OutputStreamAppender<ILoggingEvent> console = bootConsole(gateway());
        Layout<ILoggingEvent> pattern = layout(console);

        assertThat(PlainConsoleLayout.install(context)).isFalse();
        assertThat(layout(console)).isSameAs(pattern);
    }

    @Test
    void leavesAConsoleWithoutAPatternLayoutAlone() {
        context.setMDCAdapter(new LogbackMDCAdapter());

        assertThat(PlainConsoleLayout.install(context)).as("no CONSOLE appender at all").isFalse();
    }
}
