package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The warm-up with a real sample instance that cannot start (its own Spring start in this JVM):
 * the warm-up ends with a report naming the failure's types, and the console is the process's again.
 */
class WarmupIT {

    @Test
    void aSampleInstanceThatCannotStartEndsTheWarmUpWithAReport() {
        PrintStream console = System.out;
        Optional<Warmup.Report> report = Warmup.run(new String[] {"--gateway.max-body-bytes=10"}, Duration.ofSeconds(30));

        assertThat(System.out).isSameAs(console);
        assertThat(report).hasValueSatisfying(r -> {
            assertThat(r.failure()).hasValueSatisfying(f -> assertThat(f)
                    .as("StartupChecks refuses MAX_BODY_BYTES below 1024; its message is not repeated")
                    .endsWith("caused by " + SettingRefused.class.getName()));
            assertThat(r.sound()).isFalse();
            assertThat(r.requests()).isZero();
            assertThat(r.took()).isLessThan(Duration.ofSeconds(30));
        });
    }
}
