package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class GatewayApplicationTest {

    @Test
    void theProcessRunsWithoutNettysLeakDetectorUnlessAFlagSetsIt() {
        Properties unset = new Properties();
        GatewayApplication.withoutLeakDetection(unset);
        assertThat(unset).containsEntry("io.netty.leakDetection.level", "disabled");

        Properties chosen = new Properties();
        chosen.setProperty("io.netty.leakDetection.level", "paranoid");
        GatewayApplication.withoutLeakDetection(chosen);
        assertThat(chosen).containsEntry("io.netty.leakDetection.level", "paranoid");
    }
}
