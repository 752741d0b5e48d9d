package com.ticketing.gateway.app.docs;

import com.ticketing.gateway.adapter.grpc.OperationRegistry;
import com.ticketing.gateway.adapter.rest.AddressLimit;
import com.ticketing.gateway.adapter.rest.ProblemWriter;
import com.ticketing.gateway.adapter.rest.TrustedProxies;
import com.ticketing.gateway.domain.service.RateLimiting;
import com.ticketing.gateway.app.GatewayProperties;
import com.ticketing.gateway.domain.route.RouteTable;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The self-description: {@code GET /api/v1/openapi.json} (generated once, here) and its browsable
 * page at {@code /docs}. On by default outside production, off in production unless
 * {@code API_DOCS_ENABLED=true}; when off neither path exists (404).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    static final String DOCUMENT_PATH = "/api/v1/openapi.json";
    private static final Logger LOG = LoggerFactory.getLogger(ApiDocsConfiguration.class);

    /** {@code API_DOCS_ENABLED}: {@code true}, {@code false}, or empty for the profile's default. */
    static boolean enabled(String setting, boolean production) {
        String value = setting == null ? "" : setting.trim();
        return switch (value) {
            case "" -> !production;
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("API_DOCS_ENABLED must be true or false, not " + value);
        };
    }

    /**
     * Where the actuator serves the Prometheus scrape (its base path and path mapping), or empty
     * when the endpoint is not exposed over HTTP.
     */
    static Optional<String> metricsPath(PathMappedEndpoints actuator) {
        return Optional.ofNullable(actuator).map(endpoints -> endpoints.getPath(EndpointId.of("prometheus")));
    }

    @Bean
    ServletRegistrationBean<ApiDocsServlet> apiDocs(@Value("${gateway.api-docs.enabled:}") String setting,
                                                    GatewayProperties properties, RouteTable routes,
                                                    OperationRegistry operations, ProblemWriter problems,
                                                    RateLimiting limiting, TrustedProxies proxies,
                                                    ObjectProvider<PathMappedEndpoints> actuator) {
        boolean on = enabled(setting, properties.production());
        byte[] document = on ? JsonMapper.builder().build().writeValueAsBytes(OpenApiDocument.of(routes, operations,
                new OperationsEndpoints(metricsPath(actuator.getIfAvailable())))) : new byte[0];
        ApiDocsServlet servlet = new ApiDocsServlet(document, on ? SwaggerUi.fromWebjar(DOCUMENT_PATH) : null, problems,
                new AddressLimit(limiting, proxies, problems));
        ServletRegistrationBean<ApiDocsServlet> registration =
                new ServletRegistrationBean<>(servlet, DOCUMENT_PATH, "/docs", "/docs/*");
        registration.setName("apiDocs");
        registration.setEnabled(on);
        LOG.info("API description at {} and /docs: {}", DOCUMENT_PATH, on ? "on" : "off (API_DOCS_ENABLED)");
        return registration;
    }
}
