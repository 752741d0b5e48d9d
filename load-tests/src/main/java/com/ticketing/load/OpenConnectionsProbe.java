package com.ticketing.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Memory with many open connections: opens {@code count} keep-alive connections to the gateway, each
 * answering one request, holds them all open (touching each again before the server's idle
 * time-out), then reads the gateway's RSS (/proc) and heap (/metrics) while they are open.
 */
public final class OpenConnectionsProbe {

    /**
     * @param opened        connections opened
     * @param stillOpen     of those, still open (answering without reconnecting) when measured
     * @param rssIdleMiB    RSS before opening them
     * @param rssMiB        RSS with them open
     * @param hwmMiB        the process's peak RSS so far (VmHWM)
     * @param heapUsedMiB   jvm_memory_used_bytes{area="heap"} with them open
     * @param nonHeapMiB    jvm_memory_used_bytes{area="nonheap"} with them open
     */
    public record Result(int opened, int stillOpen, double rssIdleMiB, double rssMiB, double hwmMiB,
                         double heapUsedMiB, double nonHeapMiB) {
    }

    private OpenConnectionsProbe() {
    }

    public static Result run(String host, int port, long pid, int count, String path) {
        String baseUrl = "http://" + host + ":" + port;
        double idle = GatewayProcess.memory(pid).getOrDefault("rss", -1.0);
        byte[] request = HttpConnection.get(host + ":" + port, path);
        List<HttpConnection> connections = new ArrayList<>();
        int opened = 0;
        try {
            for (int i = 0; i < count; i++) {
                HttpConnection c = new HttpConnection(host, port, 10_000);
                connections.add(c);
                try {
                    if (Caller.isSuccess(c.exchange(request))) {
                        opened++;
                    }
                } catch (Exception e) {
                    // counted by `opened`
                }
            }
            sleep(1000);
            int stillOpen = 0;
            for (HttpConnection c : connections) {
                long before = c.connects();
                try {
                    c.exchange(request);
                    if (c.connects() == before && c.isOpen()) {
                        stillOpen++;
                    }
                } catch (Exception e) {
                    // not open
                }
            }
            sleep(1000);
            var memory = GatewayProcess.memory(pid);
            double heap = GatewayMetrics.memoryUsedMiB(baseUrl, "heap");
            double nonHeap = GatewayMetrics.memoryUsedMiB(baseUrl, "nonheap");
            return new Result(opened, stillOpen, idle, memory.getOrDefault("rss", -1.0),
                    memory.getOrDefault("hwm", -1.0), heap, nonHeap);
        } finally {
            connections.forEach(HttpConnection::close);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
