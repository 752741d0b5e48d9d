package com.ticketing.e2e;

import org.junit.jupiter.api.Test;

class TmpConnectorIT {
    @Test
    void print() {
        try (Stack stack = Stack.start()) {
            var server = ((org.springframework.boot.web.server.context.WebServerApplicationContext) stack.gateway).getWebServer();
            var c = ((org.springframework.boot.tomcat.TomcatWebServer) server).getTomcat().getConnector();
            System.out.println("CONN maxPostSize=" + c.getMaxPostSize() + " maxPartCount=" + c.getMaxPartCount()
                    + " maxParameterCount=" + c.getMaxParameterCount() + " keepAlive=" + c.getProperty("keepAliveTimeout")
                    + " connTimeout=" + c.getProperty("connectionTimeout") + " maxConn=" + c.getProperty("maxConnections")
                    + " maxKeepAliveRequests=" + c.getProperty("maxKeepAliveRequests") + " acceptCount=" + c.getProperty("acceptCount")
                    + " maxHttpRequestHeaderSize=" + c.getProperty("maxHttpRequestHeaderSize") + " maxSwallow=" + c.getProperty("maxSwallowSize"));
            var host = ((org.springframework.boot.tomcat.TomcatWebServer) server).getTomcat().getHost();
            for (var v : host.getPipeline().getValves()) System.out.println("CONN valve " + v.getClass().getName());
        }
    }
}
