package com.ticketing.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads {@code jvm_memory_used_bytes} from the gateway's Prometheus {@code /metrics}. */
public final class GatewayMetrics {

    private GatewayMetrics() {
    }

    /** Sum of {@code jvm_memory_used_bytes{area="<area>"}} in MiB, or -1. */
    public static double memoryUsedMiB(String baseUrl, String area) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            return sum(response.body(), "jvm_memory_used_bytes", area) / (1024.0 * 1024.0);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Sums a metric's samples whose labels contain {@code area="<area>"}. */
    static double sum(String exposition, String metric, String area) {
        double total = 0;
        boolean found = false;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(metric + "{") && line.contains("area=\"" + area + "\"")) {
                String value = line.substring(line.lastIndexOf(' ') + 1).trim();
                total += Double.parseDouble(value);
                found = true;
            }
        }
        return found ? total : -1;
    }
}
