package com.ticketing.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything a harness run measured, for the report. Filled in as the run goes; not thread-safe. */
public final class RunSummary {

    /** Where the search for one (scenario, variant) ended. */
    public record Search(Operation operation, String variant, double closedLoopEstimate, MaxRateSearch.Outcome outcome) {
    }

    /** The gateway and the direct baseline at the same offered rate, a fraction of the gateway's max. */
    public record Point(Operation operation, String variant, double fraction, StepResult gateway,
                       StepResult direct) {
    }

    public record Startup(String store, double millis, Optional<Double> reportedMillis) {
    }

    public record Memory(String store, OpenConnectionsProbe.Result result) {
    }

    public final List<StepResult> steps = new ArrayList<>();
    public final List<Search> searches = new ArrayList<>();
    public final List<Point> points = new ArrayList<>();
    public final List<Startup> startups = new ArrayList<>();
    public final List<Memory> memory = new ArrayList<>();
    public final List<String> notes = new ArrayList<>();
    public final List<String> environment = new ArrayList<>();

    public Optional<Search> search(Operation operation, String variant) {
        return searches.stream().filter(s -> s.operation() == operation && s.variant().equals(variant)).findFirst();
    }

    public double maxRate(Operation operation, String variant) {
        return search(operation, variant).map(s -> s.outcome().maxRate()).orElse(Double.NaN);
    }

    public Optional<Point> point(Operation operation, String variant, double fraction) {
        return points.stream().filter(p -> p.operation() == operation && p.variant().equals(variant)
                && Math.abs(p.fraction() - fraction) < 1e-9).findFirst();
    }
}
