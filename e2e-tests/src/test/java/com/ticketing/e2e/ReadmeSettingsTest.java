package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.StubService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration tables name every variable the gateway and the stub services read. */
class ReadmeSettingsTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
    private static final Pattern GATEWAY_SETTING = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern STUB_SETTING = Pattern.compile("\"([A-Z][A-Z0-9_]*[A-Z0-9])\"");

    private static Set<String> names(Pattern pattern, Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = pattern.matcher(Files.readString(file));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void everyVariableOfTheGatewayIsDocumented() throws IOException {
        Set<String> variables = names(GATEWAY_SETTING, ROOT.resolve("gateway-app/src/main/resources/application.yml"));
        String readme = Files.readString(ROOT.resolve("README.md"));

        assertThat(variables).contains("GRPC_AUTH_SERVICE_URL", "RATE_LIMIT_FAIL_CLOSED")
                .allSatisfy(name -> assertThat(readme).as("README documents " + name).contains(name.replaceAll(
                        "GRPC_(AUTH_SERVICE|TICKET_SERVICE|BOOKING_SERVICE|PAYMENT_SERVICE|BOOKING_WORKER)_"
                                + "(LB|COMPRESSION|DEADLINE_MS)", "GRPC_AUTH_SERVICE_$2")));
    }

    @Test
    void everyVariableOfTheStubServicesIsDocumentedWithTheGateways() throws IOException {
        Set<String> variables = names(STUB_SETTING,
                ROOT.resolve("stub-services/src/main/java/com/ticketing/stub/StubEnvironment.java"));
        for (StubService service : StubService.values()) {
            variables.add("STUB_" + service.name() + "_PORT");
        }
        String readme = Files.readString(ROOT.resolve("README.md"));

        assertThat(variables).contains("STUB_INSTANCES", "STUB_TLS_CERT", "STUB_REQUIRE_CALLER_TOKEN", "STUB_AUTH_PORT")
                .allSatisfy(name -> assertThat(readme).as("README documents " + name).contains("`" + name + "`"));
    }
}
