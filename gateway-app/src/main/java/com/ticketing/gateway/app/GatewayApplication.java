package com.ticketing.gateway.app;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ApplicationListener;

/** The gateway process: REST in on {@code PORT}, gRPC out to the platform's services. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** Netty's buffer-leak detector (one Netty: gRPC's channels and lettuce's connections). */
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    public static void main(String[] args) {
        withoutLeakDetection(System.getProperties());
        Duration warmupMax;
        try {
            warmupMax = Warmup.maxOf(System.getenv(Warmup.MAX_SECONDS));
        } catch (IllegalArgumentException e) {
            System.err.println("Refusing to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Optional<Warmup.Report> warmup = Warmup.run(args, warmupMax);
        SpringApplication application = new SpringApplication(GatewayApplication.class);
        warmup.ifPresent(report -> application.addListeners(reporting(report)));
        application.run(args);
    }

    /** Logs what the warm-up did once the gateway has started (its console is set up by then). */
    static ApplicationListener<ApplicationStartedEvent> reporting(Warmup.Report report) {
        return started -> {
            Logger log = LoggerFactory.getLogger(Warmup.class);
            if (!report.sound()) {
                log.warn("{}", report);
            } else {
                log.info("{}", report);
            }
        };
    }

    /**
     * The process runs without Netty's buffer-leak detector unless a {@code -D} flag (or
     * JAVA_TOOL_OPTIONS) sets its level: a debugging aid that records a stack trace for one buffer
     * in 128 and cost ~1–1.5% of the CPU per request (BENCHMARKS.md, lever 7). Set before any Netty
     * class is loaded, which reads it once; the tests, which start the application without this
     * method, keep Netty's default.
     */
    static void withoutLeakDetection(Properties system) {
        system.putIfAbsent(LEAK_DETECTION, "disabled");
    }
}
