package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;

class SettingRefusalAnalyzerTest {

    private final SettingRefusalAnalyzer analyzer = new SettingRefusalAnalyzer();

    @Test
    void aCheckRefusingASettingWhileTheBeansAreMadeIsReportedByItsMessage() {
        IllegalArgumentException refusal = new IllegalArgumentException(
                "GRPC_TICKET_SERVICE_DEADLINE is no setting of ticket-service");
        BeanCreationException failure = new BeanCreationException("apiController", "could not be made",
                new BeanCreationException("secrets", "Factory method 'secrets' threw exception", refusal));

        FailureAnalysis analysis = analyzer.analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription())
                .isEqualTo("Refusing to start: GRPC_TICKET_SERVICE_DEADLINE is no setting of ticket-service");
        assertThat(analysis.getAction()).contains("environment variable");
        assertThat(analysis.getCause()).isSameAs(refusal);
    }

    @Test
    void aStartupCheckRefusingIsReportedByItsMessage() {
        SettingRefused refusal = new SettingRefused("PORT must be 0 to 65535, not -1");

        FailureAnalysis analysis = analyzer.analyze(new BeanCreationException("secrets", "threw", refusal));

        assertThat(analysis.getDescription()).isEqualTo("Refusing to start: PORT must be 0 to 65535, not -1");
    }

    @Test
    void otherFailuresAreLeftToTheAnalyzersAndTracesTheyHad() {
        assertThat(analyzer.analyze(new IllegalArgumentException("not while beans are made"))).isNull();
        assertThat(analyzer.analyze(new BeanCreationException("a", "b", new IllegalStateException("no")))).isNull();
        Throwable bindFailure = catchThrowable(() -> new Binder(new MapConfigurationPropertySource(
                Map.of("gateway.port", "not a number"))).bind("gateway.port", Integer.class));
        assertThat(bindFailure).isInstanceOf(BindException.class);
        assertThat(analyzer.analyze(new BeanCreationException("a", "b", bindFailure))).as("Boot's own analyzer's")
                .isNull();
    }
}
