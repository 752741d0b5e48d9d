package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.StubCluster;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubServices;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway in production: no API description and no /docs page unless
 * {@code API_DOCS_ENABLED=true}; with it, the generated OpenAPI 3.1 document.
 */
class ApiDocsProductionIT {

    @Test
    void productionServesNoApiDescriptionUnlessEnabled() {
        try (StubCluster stubs = StubServices.start(StubConfig.defaults().withEphemeralPorts().withRandomJwtSecrets())) {
            Map<String, String> env = GatewayProcess.stubEnvironment(stubs);
            env.put("GATEWAY_ENV", "production");
            try (GatewayProcess gateway = GatewayProcess.start("docs-off-gateway", env)) {
                Http http = gateway.http();
                Http.Answer document = http.get("/api/v1/openapi.json", null);
                assertThat(document.status()).isEqualTo(404);
                assertThat(document.json().get("code").asString()).isEqualTo("NOT_FOUND");
                assertThat(http.get("/docs/", null).status()).isEqualTo(404);
            }
            env.put("API_DOCS_ENABLED", "true");
            try (GatewayProcess gateway = GatewayProcess.start("docs-on-gateway", env)) {
                Http http = gateway.http();
                Http.Answer document = http.get("/api/v1/openapi.json", null);
                assertThat(document.status()).isEqualTo(200);
                assertThat(document.contentType()).startsWith("application/json");
                assertThat(document.json().get("openapi").asString()).isEqualTo("3.1.0");
                assertThat(document.json().get("paths").has("/api/v1/bookings/{id}/stream-ticket")).isTrue();
                assertThat(http.get("/docs/", null).body()).contains("swagger-ui-bundle.js");
            }
        }
    }
}
