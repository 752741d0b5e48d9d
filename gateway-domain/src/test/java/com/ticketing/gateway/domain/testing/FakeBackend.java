package com.ticketing.gateway.domain.testing;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A backend that answers each RPC (by its method name, e.g. {@code GetEvents}) with scripted
 * outcomes, in order, repeating the last one; RPCs without a script answer {@code Ok} with
 * {@code {}}. Records every call. Streams hand their scripted messages to the consumer first.
 * Thread-safe.
 */
public final class FakeBackend implements Backend {

    private final Map<String, Deque<UpstreamOutcome>> outcomes = new HashMap<>();
    private final Map<String, List<byte[]>> streamMessages = new HashMap<>();
    private final List<UpstreamCall> calls = new ArrayList<>();

    public static UpstreamOutcome.Ok ok(String json) {
        return new UpstreamOutcome.Ok(bytes(json), false, Map.of());
    }

    public static UpstreamOutcome.Ok ok(String json, Map<String, String> fields) {
        return new UpstreamOutcome.Ok(bytes(json), false, fields);
    }

    /** A successful answer the service replayed for a repeated idempotency key. */
    public static UpstreamOutcome.Ok replayed(String json) {
        return new UpstreamOutcome.Ok(bytes(json), true, Map.of());
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Answers the next calls of {@code rpc} with {@code scripted}, in order; the last one then repeats. */
    public synchronized FakeBackend answer(String rpc, UpstreamOutcome... scripted) {
        if (scripted.length == 0) {
            throw new IllegalArgumentException("at least one outcome");
        }
        outcomes.put(rpc, new ArrayDeque<>(List.of(scripted)));
        return this;
    }

    /** Streams of {@code rpc} send {@code messages} before their outcome. */
    public synchronized FakeBackend streams(String rpc, List<String> messages) {
        streamMessages.put(rpc, messages.stream().map(FakeBackend::bytes).toList());
        return this;
    }

    @Override
    public UpstreamOutcome call(UpstreamCall call) {
        return record(call);
    }

    @Override
    public UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage) {
        UpstreamOutcome outcome = record(call);
        List<byte[]> messages;
        synchronized (this) {
            messages = streamMessages.getOrDefault(call.operation().method(), List.of());
        }
        for (byte[] message : messages) {
            try {
                onMessage.accept(message);
            } catch (RuntimeException e) {
                return UpstreamOutcome.Failed.of(FailureKind.CANCELLED); // as the real one: the call is cancelled
            }
        }
        return outcome;
    }

    private synchronized UpstreamOutcome record(UpstreamCall call) {
        calls.add(call);
        Deque<UpstreamOutcome> scripted = outcomes.get(call.operation().method());
        if (scripted == null) {
            return ok("{}");
        }
        return scripted.size() > 1 ? scripted.poll() : scripted.peek();
    }

    public synchronized List<UpstreamCall> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<UpstreamCall> calls(String rpc) {
        return calls.stream().filter(c -> c.operation().method().equals(rpc)).toList();
    }

    /** The only call made; fails when there was none or more than one. */
    public synchronized UpstreamCall onlyCall() {
        if (calls.size() != 1) {
            throw new AssertionError("expected exactly one upstream call, got " + calls.size());
        }
        return calls.get(0);
    }
}
