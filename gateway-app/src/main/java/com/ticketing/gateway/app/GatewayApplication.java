package com.ticketing.gateway.app;

import java.util.Properties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The gateway process: REST in on {@code PORT}, gRPC out to the platform's services. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** Netty's buffer-leak detector (one Netty: gRPC's channels and lettuce's connections). */
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    public static void main(String[] args) {
        withoutLeakDetection(System.getProperties());
        SpringApplication.run(GatewayApplication.class, args);
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
