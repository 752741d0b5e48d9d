package com.ticketing.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The markdown report and the self-contained HTML latency-versus-rate chart (inline SVG, no scripts). */
public final class Report {

    static final String DIRECT = "direct-grpc";
    private static final Map<String, String> COLORS = Map.of(
            "gateway-memory", "#1f77b4", "gateway-redis", "#d62728", "gateway-target", "#9467bd",
            DIRECT, "#2ca02c");

    private final Options options;
    private final RunSummary summary;

    public Report(Options options, RunSummary summary) {
        this.options = options;
        this.summary = summary;
    }

    // ---------------------------------------------------------------- markdown

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Load report\n\n");
        md.append("Open model: constant arrival rate, ").append(options.connections())
                .append(" connections (= generator threads), latency from each request's intended send time ")
                .append("(HdrHistogram), so stalls are not hidden. Each step: ").append(secs(options.warmup()))
                .append(" warm-up (discarded) + ").append(secs(options.searchDuration())).append(" measured (search) or ")
                .append(secs(options.pointDuration())).append(" measured (reported points). Sustainable = achieved >= 95% of offered, ")
                .append("p99 <= ").append(fmt(options.p99BoundMillis())).append(" ms, non-2xx + errors + dropped <= 0.1%.")
                .append(options.quick() ? " **--quick run: steps too short for meaningful numbers.**" : "")
                .append("\n\n");
        md.append("## Environment\n\n");
        summary.environment.forEach(e -> md.append("- ").append(e).append('\n'));
        md.append('\n');

        md.append("## Maximum sustainable rate\n\n");
        md.append("| scenario | variant | closed-loop estimate /s | **max sustainable /s** | first unsustainable /s | vs direct "
                + "| p50 ms | p99 ms | p99.9 ms | CPU ms per 1k req (gateway / harness / redis) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (RunSummary.Search s : summary.searches) {
            double direct = summary.maxRate(s.operation(), DIRECT);
            Optional<StepResult> best = s.outcome().best();
            md.append("| ").append(s.operation().id()).append(" | ").append(s.variant()).append(" | ")
                    .append(fmt0(s.closedLoopEstimate())).append(" | **").append(fmt0(s.outcome().maxRate()))
                    .append("** | ").append(s.outcome().lowestFailing().map(Report::fmt0).orElse("–")).append(" | ")
                    .append(s.variant().equals(DIRECT) || Double.isNaN(direct) || direct <= 0 ? "–"
                            : pct(s.outcome().maxRate() / direct)).append(" | ")
                    .append(best.map(b -> fmt(b.p50())).orElse("–")).append(" | ")
                    .append(best.map(b -> fmt(b.p99())).orElse("–")).append(" | ")
                    .append(best.map(b -> fmt(b.p999())).orElse("–")).append(" | ")
                    .append(best.map(Report::cpu).orElse("–")).append(" |\n");
        }
        md.append('\n');

        md.append("## Latency at fractions of the gateway's max, and the direct baseline at the same rate\n\n");
        md.append("Added = gateway − direct at the same offered rate (same run, same machine).\n\n");
        md.append("| scenario | variant | point | offered /s | achieved /s | p50 | p90 | p99 | p99.9 ms | direct p50 | direct p99 "
                + "| **added p50** | **added p99** | non-2xx | errors | CPU ms/1k (gateway / harness / redis) |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (RunSummary.Point p : summary.points) {
            StepResult g = p.gateway();
            StepResult d = p.direct();
            md.append("| ").append(p.operation().id()).append(" | ").append(p.variant()).append(" | ")
                    .append(LoadHarness.pct(p.fraction())).append(" | ").append(fmt0(g.targetRate())).append(" | ")
                    .append(fmt0(g.achievedRate())).append(" | ").append(fmt(g.p50())).append(" | ")
                    .append(fmt(g.p90())).append(" | ").append(fmt(g.p99())).append(" | ").append(fmt(g.p999()))
                    .append(" | ").append(d == null ? "–" : fmt(d.p50())).append(" | ")
                    .append(d == null ? "–" : fmt(d.p99())).append(" | **")
                    .append(comparable(d) ? signed(g.p50() - d.p50()) : "n/a¹").append("** | **")
                    .append(comparable(d) ? signed(g.p99() - d.p99()) : "n/a¹").append("** | ")
                    .append(g.nonSuccess()).append(" | ").append(g.errors()).append(" | ").append(cpu(g)).append(" |\n");
        }
        if (summary.points.stream().anyMatch(p -> p.direct() != null && !comparable(p.direct()))) {
            md.append("\n¹ the direct baseline was itself overloaded at this rate (not sustainable), so no difference is computed.\n");
        }
        md.append('\n');

        md.append("## Targets\n\n");
        md.append("| target | measured | verdict |\n|---|---|---|\n");
        targets().forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
        md.append('\n');

        md.append("## Start-up and memory\n\n");
        for (RunSummary.Startup s : summary.startups) {
            md.append("- start-up (").append(s.store()).append(" store): process start → first /health 200 **")
                    .append(fmt0(s.millis())).append(" ms**")
                    .append(s.reportedMillis().map(r -> " (Spring Boot's own 'Started … in': " + fmt0(r) + " ms)").orElse(""))
                    .append('\n');
        }
        for (RunSummary.Memory m : summary.memory) {
            OpenConnectionsProbe.Result r = m.result();
            md.append("- memory (").append(m.store()).append(" store) with ").append(r.opened())
                    .append(" connections opened (").append(r.stillOpen()).append(" still open when measured): RSS **")
                    .append(fmt0(r.rssMiB())).append(" MiB** (before opening them ").append(fmt0(r.rssIdleMiB()))
                    .append(" MiB, peak VmHWM so far ").append(fmt0(r.hwmMiB())).append(" MiB), heap used ")
                    .append(fmt0(r.heapUsedMiB())).append(" MiB, non-heap used ").append(fmt0(r.nonHeapMiB()))
                    .append(" MiB\n");
        }
        md.append('\n');

        md.append("## Every measured step\n\n");
        md.append("| scenario | variant | phase | offered /s | achieved /s | p50 | p90 | p99 | p99.9 | max ms | service p50 / p99 ms "
                + "| non-2xx | errors | dropped | CPU ms/1k (gateway / harness / redis) | verdict |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        SustainCriteria criteria = options.criteria();
        for (StepResult s : summary.steps) {
            md.append("| ").append(s.scenario()).append(" | ").append(s.variant()).append(" | ").append(s.phase())
                    .append(" | ").append(fmt0(s.targetRate())).append(" | ").append(fmt0(s.achievedRate()))
                    .append(" | ").append(fmt(s.p50())).append(" | ").append(fmt(s.p90())).append(" | ")
                    .append(fmt(s.p99())).append(" | ").append(fmt(s.p999())).append(" | ").append(fmt(s.max()))
                    .append(" | ").append(fmt(s.serviceP50())).append(" / ").append(fmt(s.serviceP99()))
                    .append(" | ").append(s.nonSuccess()).append(" | ").append(s.errors()).append(" | ")
                    .append(s.dropped()).append(" | ").append(cpu(s)).append(" | ")
                    .append(criteria.violation(s).orElse("ok")).append(" |\n");
        }
        md.append('\n');
        Map<String, Long> kinds = new TreeMap<>();
        summary.steps.forEach(s -> s.statuses().forEach((k, v) -> kinds.merge(s.variant() + " " + s.scenario()
                + ": " + k, v, Long::sum)));
        if (!kinds.isEmpty()) {
            md.append("Non-2xx answers and errors by kind (all steps):\n\n");
            kinds.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
            md.append('\n');
        }
        if (!summary.notes.isEmpty()) {
            md.append("## Notes\n\n");
            summary.notes.forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    /** Rows: target, measured, verdict. */
    List<List<String>> targets() {
        List<List<String>> rows = new ArrayList<>();
        for (String variant : gatewayVariants()) {
            ratio(rows, Operation.AVAILABILITY, variant, 0.65);
            ratio(rows, Operation.BOOKING_GET, variant, 0.45);
        }
        double memory = summary.maxRate(Operation.BOOKING_GET, "gateway-memory");
        double redis = summary.maxRate(Operation.BOOKING_GET, "gateway-redis");
        if (!Double.isNaN(memory) && !Double.isNaN(redis) && memory > 0) {
            double drop = 1 - redis / memory;
            rows.add(List.of("booking-get: Redis at most 15% below in-memory",
                    String.format(Locale.ROOT, "%s vs %s /s: %.1f%% %s", fmt0(redis), fmt0(memory),
                            Math.abs(drop) * 100, drop >= 0 ? "below" : "above"),
                    drop <= 0.15 ? "met (margin " + String.format(Locale.ROOT, "%.1f", (0.15 - drop) * 100) + " points)"
                            : "**missed** by " + String.format(Locale.ROOT, "%.1f", (drop - 0.15) * 100) + " points"));
        }
        for (RunSummary.Point p : summary.points) {
            if (Math.abs(p.fraction() - 0.5) > 1e-9 || p.direct() == null) {
                continue;
            }
            if (!comparable(p.direct())) {
                rows.add(List.of(p.operation().id() + " " + p.variant() + ": added latency at 50% of max",
                        "direct baseline overloaded at " + fmt0(p.gateway().targetRate()) + "/s", "not measurable"));
                continue;
            }
            double addedP50 = p.gateway().p50() - p.direct().p50();
            double addedP99 = p.gateway().p99() - p.direct().p99();
            rows.add(List.of(p.operation().id() + " " + p.variant() + ": added latency at 50% of max ("
                            + fmt0(p.gateway().targetRate()) + "/s) ≤ 1 ms p50, ≤ 5 ms p99",
                    "p50 " + signed(addedP50) + " ms, p99 " + signed(addedP99) + " ms",
                    verdict(addedP50, 1.0, "ms") + " / " + verdict(addedP99, 5.0, "ms")));
        }
        for (RunSummary.Startup s : summary.startups) {
            rows.add(List.of("start-up < 3 s (" + s.store() + ")", fmt0(s.millis()) + " ms",
                    verdict(s.millis(), 3000, "ms")));
        }
        for (RunSummary.Memory m : summary.memory) {
            rows.add(List.of("RSS < 400 MB with " + options.openConnections() + " open connections (" + m.store() + ")",
                    fmt0(m.result().rssMiB()) + " MiB (" + m.result().stillOpen() + " open)",
                    verdict(m.result().rssMiB(), 400, "MiB")));
        }
        return rows;
    }

    private void ratio(List<List<String>> rows, Operation op, String variant, double target) {
        double gw = summary.maxRate(op, variant);
        double direct = summary.maxRate(op, DIRECT);
        if (Double.isNaN(gw) || Double.isNaN(direct) || direct <= 0) {
            return;
        }
        double r = gw / direct;
        rows.add(List.of(op.id() + " " + variant + ": max rate ≥ " + pct(target) + " of direct",
                fmt0(gw) + " / " + fmt0(direct) + " /s = " + pct(r),
                r >= target ? "met (margin " + String.format(Locale.ROOT, "%.0f", (r - target) * 100) + " points)"
                        : "**missed** by " + String.format(Locale.ROOT, "%.0f", (target - r) * 100) + " points"));
    }

    /** A direct step that is fit to subtract from: it kept up with the offered rate. */
    private boolean comparable(StepResult direct) {
        return direct != null && options.criteria().isSustainable(direct);
    }

    private static String verdict(double value, double limit, String unit) {
        return value <= limit ? "met (" + fmt(limit - value) + " " + unit + " to spare)"
                : "**missed** by " + fmt(value - limit) + " " + unit;
    }

    private Set<String> gatewayVariants() {
        Set<String> variants = new LinkedHashSet<>();
        summary.searches.stream().map(RunSummary.Search::variant).filter(v -> !v.equals(DIRECT)).forEach(variants::add);
        return variants;
    }

    // ---------------------------------------------------------------- HTML

    public String html() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Gateway latency vs rate</title>\n")
                .append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}h2{margin-top:32px}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td:first-child,td:nth-child(2){text-align:left}.note{color:#555;font-size:13px}</style>\n")
                .append("</head><body>\n<h1>Latency versus offered rate</h1>\n<p class=\"note\">")
                .append(esc(String.join(" · ", summary.environment))).append("</p>\n")
                .append("<p class=\"note\">Open model, latency from the intended send time. Solid: p99, dashed: p50. ")
                .append("Filled markers: sustainable steps; hollow: not sustainable (achieved &lt; 95%, failures, or p99 &gt; ")
                .append(fmt(options.p99BoundMillis())).append(" ms, the red line). Log scale.</p>\n");
        h.append("<table><tr><th>scenario</th><th>variant</th><th>max sustainable /s</th><th>vs direct</th><th>p50 ms</th><th>p99 ms</th></tr>\n");
        for (RunSummary.Search s : summary.searches) {
            double direct = summary.maxRate(s.operation(), DIRECT);
            h.append("<tr><td>").append(s.operation().id()).append("</td><td>").append(s.variant()).append("</td><td>")
                    .append(fmt0(s.outcome().maxRate())).append("</td><td>")
                    .append(s.variant().equals(DIRECT) || Double.isNaN(direct) || direct <= 0 ? "–"
                            : pct(s.outcome().maxRate() / direct)).append("</td><td>")
                    .append(s.outcome().best().map(b -> fmt(b.p50())).orElse("–")).append("</td><td>")
                    .append(s.outcome().best().map(b -> fmt(b.p99())).orElse("–")).append("</td></tr>\n");
        }
        h.append("</table>\n");
        Set<String> scenarios = new LinkedHashSet<>();
        summary.steps.forEach(s -> scenarios.add(s.scenario()));
        for (String scenario : scenarios) {
            h.append("<h2>").append(esc(scenario)).append(" — ")
                    .append(esc(Operation.byId(scenario).route())).append(" vs ")
                    .append(esc(Operation.byId(scenario).grpcMethod())).append("</h2>\n");
            h.append(chart(scenario));
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private String chart(String scenario) {
        Map<String, List<StepResult>> series = new LinkedHashMap<>();
        for (StepResult s : summary.steps) {
            if (s.scenario().equals(scenario)) {
                series.computeIfAbsent(s.variant(), v -> new ArrayList<>()).add(s);
            }
        }
        series.values().forEach(l -> l.sort(Comparator.comparingDouble(StepResult::targetRate)));
        double xMax = series.values().stream().flatMap(List::stream).mapToDouble(StepResult::targetRate).max().orElse(1);
        xMax = niceCeil(xMax * 1.05);
        double yMin = 0.1;
        double yMax = Math.max(options.p99BoundMillis() * 2, series.values().stream().flatMap(List::stream)
                .mapToDouble(StepResult::p99).max().orElse(1));
        yMax = Math.pow(10, Math.ceil(Math.log10(Math.min(yMax, 60_000))));
        int w = 820;
        int hgt = 400;
        int left = 72;
        int right = 190;
        int top = 20;
        int bottom = 48;
        double pw = w - left - right;
        double ph = hgt - top - bottom;
        final double fxMax = xMax;
        final double fyMax = yMax;
        java.util.function.DoubleUnaryOperator x = r -> left + pw * r / fxMax;
        java.util.function.DoubleUnaryOperator y = ms -> {
            double v = Math.max(yMin, Math.min(fyMax, ms));
            return top + ph * (1 - (Math.log10(v) - Math.log10(yMin)) / (Math.log10(fyMax) - Math.log10(yMin)));
        };
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-size=\"11\" font-family=\"sans-serif\">\n", w, hgt));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#999\"/>\n",
                left, top, pw, ph));
        for (double v = yMin; v <= yMax * 1.0001; v *= 10) {
            double yy = y.applyAsDouble(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>\n", left, left + pw, yy, yy, left - 4,
                    yy + 4, trim(v)));
        }
        for (int i = 0; i <= 5; i++) {
            double r = xMax * i / 5;
            double xx = x.applyAsDouble(r);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.0f\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>\n", xx, xx, top, top + ph, xx,
                    top + ph + 14, fmt0(r)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">offered rate (requests/s)</text>\n",
                left + pw / 2, hgt - 8));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(14,%.0f) rotate(-90)\" text-anchor=\"middle\">"
                + "latency from intended send time (log)</text>\n", top + ph / 2));
        double bound = y.applyAsDouble(options.p99BoundMillis());
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e33\" "
                + "stroke-dasharray=\"2,3\"/>\n", left, left + pw, bound, bound));
        int legend = 0;
        for (Map.Entry<String, List<StepResult>> e : series.entrySet()) {
            String color = COLORS.getOrDefault(e.getKey(), "#555");
            for (boolean p99 : new boolean[] {true, false}) {
                StringBuilder path = new StringBuilder();
                for (StepResult s : e.getValue()) {
                    path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f,%.1f",
                            x.applyAsDouble(s.targetRate()), y.applyAsDouble(p99 ? s.p99() : s.p50())));
                }
                svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(color)
                        .append("\" stroke-width=\"1.6\"").append(p99 ? "" : " stroke-dasharray=\"5,3\"").append("/>\n");
                for (StepResult s : e.getValue()) {
                    boolean ok = options.criteria().isSustainable(s);
                    svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" stroke=\"%s\">"
                                    + "<title>%s %s %s: %.0f/s offered, %.0f/s achieved, p50 %s ms, p99 %s ms, p99.9 %s ms</title></circle>\n",
                            x.applyAsDouble(s.targetRate()), y.applyAsDouble(p99 ? s.p99() : s.p50()),
                            ok ? color : "white", color, esc(s.variant()), esc(s.phase()), p99 ? "p99" : "p50",
                            s.targetRate(), s.achievedRate(), fmt(s.p50()), fmt(s.p99()), fmt(s.p999())));
                }
            }
            double ly = top + 14 + legend * 34;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"%s\" stroke-width=\"2\"/>"
                    + "<text x=\"%.0f\" y=\"%.0f\">%s p99</text>\n", left + pw + 12, left + pw + 36, ly, ly, color,
                    left + pw + 40, ly + 4, esc(e.getKey())));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.0f\" y2=\"%.0f\" stroke=\"%s\" stroke-width=\"2\" "
                    + "stroke-dasharray=\"5,3\"/><text x=\"%.0f\" y=\"%.0f\">%s p50</text>\n", left + pw + 12,
                    left + pw + 36, ly + 14, ly + 14, color, left + pw + 40, ly + 18, esc(e.getKey())));
            legend++;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    // ---------------------------------------------------------------- formatting

    private static String cpu(StepResult s) {
        List<String> parts = new ArrayList<>();
        for (String name : List.of("gateway", "harness", "redis")) {
            Double v = s.cpuMsPer1k().get(name);
            parts.add(v == null ? "–" : String.format(Locale.ROOT, "%.0f", v));
        }
        return String.join(" / ", parts);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    static String fmt0(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String signed(double v) {
        return (v >= 0 ? "+" : "") + fmt(v);
    }

    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    private static String secs(java.time.Duration d) {
        return trim(d.toMillis() / 1000.0) + " s";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", v);
    }

    private static double niceCeil(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1))));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
