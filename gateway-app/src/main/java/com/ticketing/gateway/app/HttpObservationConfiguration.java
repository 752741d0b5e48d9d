package com.ticketing.gateway.app;

import com.ticketing.gateway.domain.route.RouteTable;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The HTTP server observation (metrics {@code http.server.requests} and the request's span): named
 * by API route, and outermost, so that every other filter — the access log among them — runs inside
 * the request's span and logs its trace id.
 */
@Configuration(proxyBeanMethods = false)
class HttpObservationConfiguration {

    @Bean
    ServerRequestObservationConvention routeObservationConvention(RouteTable routes) {
        return new RouteObservationConvention(routes);
    }

    /** Replaces Boot's registration of the same filter, which runs after the request id and access log filters. */
    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> serverHttpObservationFilter(
            ObservationRegistry registry, ServerRequestObservationConvention convention) {
        FilterRegistrationBean<ServerHttpObservationFilter> registration =
                new FilterRegistrationBean<>(new ServerHttpObservationFilter(registry, convention));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }
}
