package com.ticketing.gateway.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rings of the hexagon, checked on the compiled production classes of every module. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.ticketing.gateway");

    @Test
    void everyRingHasClassesSoNoRuleBelowCanPassVacuously() {
        for (String ring : new String[] {"domain.model", "domain.route", "domain.port", "domain.service",
                "adapter.rest", "adapter.jwt", "adapter.grpc", "adapter.redis", "adapter.memory", "app"}) {
            assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().startsWith("com.ticketing.gateway." + ring)))
                    .as("classes in %s", ring).isTrue();
        }
    }

    @Test
    void domainDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage("com.ticketing.gateway.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("com.ticketing.gateway.domain..", "java..")
                .check(CLASSES);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        slices().matching("com.ticketing.gateway.adapter.(*)..").should().notDependOnEachOther().check(CLASSES);
    }

    @Test
    void onlyTheAppSeesTheApp() {
        noClasses().that().resideOutsideOfPackage("com.ticketing.gateway.app..")
                .should().dependOnClassesThat().resideInAPackage("com.ticketing.gateway.app..")
                .check(CLASSES);
    }
}
