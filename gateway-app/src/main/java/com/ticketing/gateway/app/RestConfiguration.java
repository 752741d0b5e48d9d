package com.ticketing.gateway.app;

import ch.qos.logback.classic.LoggerContext;
import com.ticketing.gateway.adapter.rest.ApiController;
import com.ticketing.gateway.adapter.rest.CorsHeaders;
import com.ticketing.gateway.adapter.rest.CorsPolicy;
import com.ticketing.gateway.adapter.rest.EdgeFilter;
import com.ticketing.gateway.adapter.rest.ErrorPages;
import com.ticketing.gateway.adapter.rest.HttpLimits;
import com.ticketing.gateway.adapter.rest.InFlightLimit;
import com.ticketing.gateway.adapter.rest.OpenStreams;
import com.ticketing.gateway.adapter.rest.PeerConnections;
import com.ticketing.gateway.adapter.rest.ProblemCode;
import com.ticketing.gateway.adapter.rest.ProblemReportValve;
import com.ticketing.gateway.adapter.rest.ProblemWriter;
import com.ticketing.gateway.adapter.rest.RefreshTokenBody;
import com.ticketing.gateway.adapter.rest.RequestDeadlines;
import com.ticketing.gateway.adapter.rest.RequestIds;
import com.ticketing.gateway.adapter.rest.RequestScreen;
import com.ticketing.gateway.adapter.rest.ResponseWriter;
import com.ticketing.gateway.adapter.rest.SecurityHeaders;
import com.ticketing.gateway.adapter.rest.StrictHttp11Protocol;
import com.ticketing.gateway.adapter.rest.TrustedProxies;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.service.ApiGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.Host;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.filter.RequestContextFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/** The REST edge: front controller, error pages and the one filter every request passes. */
@Configuration(proxyBeanMethods = false)
class RestConfiguration {

    /** Where the public API's servlet is mapped ({@code /api/*}). */
    private static final String API_SERVLET_PATH = "/api";

    @Bean
    HttpLimits httpLimits(GatewayProperties properties) {
        return new HttpLimits(properties.maxBodyBytes());
    }

    /**
     * A mapper of the edge's own for the few bodies it reads or writes itself (duplicate keys
     * refused); kept out of the context so Spring's own mapper stays as configured.
     */
    private static final JsonMapper EDGE_JSON =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** Counts every problem answer by its {@code code}: {@code gateway_http_problems_total{code}}, all codes from the start. */
    @Bean
    ProblemWriter problemWriter(MeterRegistry meters) {
        Map<ProblemCode, Counter> problems = new EnumMap<>(ProblemCode.class);
        for (ProblemCode code : ProblemCode.values()) {
            problems.put(code, Counter.builder("gateway.http.problems").description("Problem answers by their code")
                    .tag("code", code.name()).register(meters));
        }
        return new ProblemWriter(EDGE_JSON, code -> problems.get(code).increment());
    }

    @Bean
    TrustedProxies trustedProxies(GatewayProperties properties) {
        return new TrustedProxies(properties.trustedProxies(), properties.rateLimit().ipv6Prefix());
    }

    @Bean
    OpenStreams openStreams(GatewayProperties properties, MeterRegistry meters,
                            @Value("${gateway.max-open-streams-per-user}") int perUser) {
        OpenStreams streams = new OpenStreams(properties.maxOpenStreams(), perUser);
        Gauge.builder("gateway.sse.streams.open", streams, OpenStreams::size)
                .description("Event streams open now").register(meters);
        FunctionCounter.builder("gateway.sse.streams.refused", streams, OpenStreams::refused)
                .description("Event streams refused with 503 because MAX_OPEN_STREAMS were open").register(meters);
        return streams;
    }

    /**
     * Every {@code SSE_HEARTBEAT_SECONDS} each open stream gets a comment line: a client that went
     * away is noticed and its stream ends (instead of holding its place among MAX_OPEN_STREAMS until
     * the booking changes), and an idle stream stays open through proxies' read timeouts.
     */
    @Bean(destroyMethod = "close")
    SseHeartbeat sseHeartbeat(OpenStreams streams, @Value("${gateway.sse-heartbeat}") Duration every) {
        return SseHeartbeat.start(streams, every);
    }

    /** The public API's servlet, beside Spring MVC's (which keeps /health and /metrics). */
    @Bean
    ServletRegistrationBean<ApiController> apiController(RouteTable routes, ApiGateway gateway, HttpLimits limits,
                                                         ProblemWriter problems, TrustedProxies proxies,
                                                         OpenStreams streams,
                                                         @Value("${server.compression.enabled:false}") boolean compress,
                                                         @Value("${server.compression.min-response-size:2KB}")
                                                         String compressFrom) {
        ResponseWriter responses = new ResponseWriter(compress ? DataSize.parse(compressFrom).toBytes() : Long.MAX_VALUE);
        ApiController controller = new ApiController(routes, gateway, limits, problems, responses,
                new RefreshTokenBody(EDGE_JSON), proxies, streams);
        ServletRegistrationBean<ApiController> registration = new ServletRegistrationBean<>(controller,
                API_SERVLET_PATH + "/*");
        registration.setName("api");
        registration.setAsyncSupported(true); // the edge passes its requests on threads of their own
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** Requests Tomcat refuses before the application sees them are answered as problem+json too. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemReportValve(ProblemWriter problems,
                                                                                      CorsHeaders cors) {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(ConfigurableTomcatWebServerFactory factory) {
                ProblemReportValve valve = new ProblemReportValve(problems, cors);
                factory.addContextCustomizers(context -> valve.install((Host) context.getParent()));
            }
        };
    }

    /**
     * The HTTP/1.1 connector as an edge server needs it ({@link StrictHttp11Protocol}): total
     * deadlines for a request's head and body, counted by phase in
     * {@code gateway_http_request_timeouts_total{phase="head|body"}}; HTTP/0.9 refused; no
     * {@code 100 Continue} before the application has read the head; prompt close after
     * {@code Connection: close}; {@code OPTIONS *} answered with the headers every answer carries; each
     * client address holding at most {@code SERVER_MAX_CONNECTIONS_PER_CLIENT} connections, those beyond
     * closed at once and counted in {@code gateway_http_connections_refused_total}.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> strictHttp11(ServerDeadlineProperties server,
                                                                           CorsHeaders cors, MeterRegistry meters,
                                                                           TrustedProxies proxies,
            @Value("${gateway.server.max-connections-per-client}") int connectionsPerClient) {
        Map<RequestDeadlines.Phase, Counter> timeouts = new EnumMap<>(RequestDeadlines.Phase.class);
        for (RequestDeadlines.Phase phase : RequestDeadlines.Phase.values()) {
            timeouts.put(phase, Counter.builder("gateway.http.request.timeouts").tag("phase", phase.tag())
                    .description("Requests cut because their head or body did not arrive in time "
                            + "(SERVER_HEADER_TIMEOUT_MS, SERVER_BODY_TIMEOUT_MS or the idle time between reads)")
                    .register(meters));
        }
        RequestDeadlines deadlines = server.deadlines();
        Counter refused = Counter.builder("gateway.http.connections.refused")
                .description("Connections closed as they were accepted, their client address holding "
                        + "SERVER_MAX_CONNECTIONS_PER_CLIENT open connections already")
                .register(meters);
        PeerConnections peers = new PeerConnections(connectionsPerClient, proxies, refused::increment, System::nanoTime);
        return factory -> {
            factory.setProtocol(StrictHttp11Protocol.class.getName());
            factory.addConnectorCustomizers(connector -> {
                // TRACE is answered like any method a resource does not take (405 with the resource's own
                // Allow, 404 off every resource), by the API's route table or by Spring's handler mappings
                // (TraceSafeDispatcherServlet): never echoed, and never Tomcat's list of servlet methods.
                connector.setAllowTrace(true);
                if (connector.getProtocolHandler() instanceof StrictHttp11Protocol strict) {
                    strict.harden(deadlines, cors, phase -> timeouts.get(phase).increment());
                    strict.limitConnections(peers);
                }
            });
        };
    }

    /** Spring MVC's front servlet as Boot makes it, but TRACE-safe ({@link TraceSafeDispatcherServlet}). */
    @Bean(name = DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME)
    DispatcherServlet dispatcherServlet(WebMvcProperties mvc) {
        DispatcherServlet servlet = new TraceSafeDispatcherServlet();
        servlet.setDispatchOptionsRequest(mvc.isDispatchOptionsRequest());
        servlet.setPublishEvents(mvc.isPublishRequestHandledEvents());
        servlet.setEnableLoggingRequestDetails(mvc.isLogRequestDetails());
        return servlet;
    }

    @Bean
    ErrorPages errorPages(ProblemWriter problems) {
        return new ErrorPages(problems);
    }

    /**
     * The one filter every request passes ({@link EdgeFilter}), in this order: the observation (timer
     * and trace, outermost so every log line of the request has its trace ids), the request id, the
     * access log, security headers, CORS (before anything that can refuse a request, so that every
     * refusal is readable by an allowed origin's page), load shedding (a shed request has all of the
     * above) and the screen (before anything reads a body). The container's error dispatch passes
     * the request id and CORS only. The API's requests pass on a virtual thread of their own
     * ({@link EdgeFilter.Detached}): what blocks on a service or Redis parks a shallow stack.
     */
    @Bean
    FilterRegistrationBean<EdgeFilter> edge(GatewayProperties properties, TrustedProxies proxies, CorsHeaders cors,
                                            ProblemWriter problems, HttpLimits limits, RouteTable routes,
                                            MeterRegistry meters, Tracer tracer,
                                            ServletRegistrationBean<ApiController> api,
                                            @Value("${management.tracing.sampling.probability}") double sampling,
                                            @Value("${gateway.max-in-flight-per-client}") int perClient) {
        // The steps are no beans of their own: Boot would register each filter bean again, apart.
        ServerObservation observation = new ServerObservation(routes, meters, tracer, sampling);
        RequestIds requestIds = new RequestIds();
        CorsPolicy corsPolicy = new CorsPolicy(cors, problems);
        EdgeFilter edge = new EdgeFilter(List.of(observation, requestIds,
                new AccessLog(properties.slowRequestThreshold(), proxies), new SecurityHeaders(), corsPolicy,
                inFlightLimit(properties, perClient, proxies, problems, meters),
                new RequestScreen(limits, problems, proxies)),
                List.of(requestIds, corsPolicy),
                new EdgeFilter.Detached(API_SERVLET_PATH, api.getServlet(), Thread.ofVirtual().name("api-", 0).factory(),
                        problems));
        FilterRegistrationBean<EdgeFilter> registration = new FilterRegistrationBean<>(edge);
        registration.setName("edge");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        return registration;
    }

    /**
     * Console lines in batches ({@link BatchedConsole}); closing the context writes what is held. The
     * plain console line is written without Logback's converter chain where that changes no byte
     * ({@link PlainConsoleLayout}), a structured one as a string encoded at once ({@link StructuredConsoleEncoder}).
     */
    @Bean(destroyMethod = "close")
    AutoCloseable batchedConsole(LogOutputProperties log) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)) {
            return () -> { };
        }
        PlainConsoleLayout.install(logback);
        StructuredConsoleEncoder.install(logback);
        return BatchedConsole.install(logback, log.flushInterval());
    }

    /**
     * Load shedding: {@code gateway_http_requests_shed_total} and the in-flight gauge. A client counts
     * under the address its per-IP rate limits use.
     */
    private static InFlightLimit inFlightLimit(GatewayProperties properties, int perClient, TrustedProxies proxies,
                                               ProblemWriter problems, MeterRegistry meters) {
        Counter shed = Counter.builder("gateway.http.requests.shed")
                .description("Requests answered 503 because MAX_IN_FLIGHT_REQUESTS were in flight, or "
                        + "MAX_IN_FLIGHT_PER_CLIENT of one client address").register(meters);
        InFlightLimit limit = new InFlightLimit(properties.maxInFlightRequests(), perClient,
                request -> proxies.limitSubject(proxies.clientAddress(request)), problems, shed::increment,
                System::nanoTime);
        Gauge.builder("gateway.http.requests.in.flight", limit, InFlightLimit::inFlight)
                .description("Requests counted against MAX_IN_FLIGHT_REQUESTS now").register(meters);
        return limit;
    }

    /**
     * Spring's default filters are registered disabled, so that Boot adds none of them: the edge does
     * what the gateway needs of them once per request (the HTTP observation), and the rest do nothing
     * here (no forms are read, the servlets set their own encodings and request context). Boot
     * defines some of them only when no registration of their type exists: then a new one is what
     * is registered disabled.
     */
    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> springObservationFilterOff() {
        return off(new ServerHttpObservationFilter(ObservationRegistry.NOOP));
    }

    @Bean
    FilterRegistrationBean<CharacterEncodingFilter> characterEncodingFilterOff(ObjectProvider<CharacterEncodingFilter> filter) {
        return off(filter.getIfAvailable(CharacterEncodingFilter::new));
    }

    @Bean
    FilterRegistrationBean<FormContentFilter> formContentFilterOff(ObjectProvider<FormContentFilter> filter) {
        return off(filter.getIfAvailable(FormContentFilter::new));
    }

    @Bean
    FilterRegistrationBean<RequestContextFilter> requestContextFilterOff(ObjectProvider<RequestContextFilter> filter) {
        return off(filter.getIfAvailable(RequestContextFilter::new));
    }

    private static <F extends Filter> FilterRegistrationBean<F> off(F filter) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    CorsHeaders corsHeaders(GatewayProperties properties) {
        GatewayProperties.Cors cors = properties.cors();
        return new CorsHeaders(Set.copyOf(cors.allowedOrigins()), cors.allowCredentials(), cors.maxAge());
    }
}
