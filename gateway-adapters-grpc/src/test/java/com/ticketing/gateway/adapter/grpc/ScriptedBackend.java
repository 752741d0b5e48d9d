package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A backend that answers from a script (then {@link #otherwise}) and records every call it got.
 * {@link #whileCalling} runs inside each call, to move a clock or to call again while a call is in
 * flight. A stream sends {@link #messagesPerStream} messages before its scripted outcome.
 * Single-threaded, like the tests that use it.
 */
final class ScriptedBackend implements Backend {

    static final UpstreamOutcome.Ok OK = new UpstreamOutcome.Ok("{}".getBytes(StandardCharsets.UTF_8), false, Map.of());

    private final Deque<UpstreamOutcome> script = new ArrayDeque<>();
    private final List<UpstreamCall> calls = new ArrayList<>();
    private UpstreamOutcome otherwise = OK;
    private Consumer<UpstreamCall> whileCalling = call -> { };
    private int messagesPerStream;

    ScriptedBackend answer(UpstreamOutcome... outcomes) {
        script.addAll(List.of(outcomes));
        return this;
    }

    ScriptedBackend otherwise(UpstreamOutcome outcome) {
        this.otherwise = outcome;
        return this;
    }

    ScriptedBackend whileCalling(Consumer<UpstreamCall> action) {
        this.whileCalling = action;
        return this;
    }

    ScriptedBackend messagesPerStream(int messages) {
        this.messagesPerStream = messages;
        return this;
    }

    /** Every call and stream received, in order. */
    List<UpstreamCall> calls() {
        return calls;
    }

    @Override
    public UpstreamOutcome call(UpstreamCall call) {
        calls.add(call);
        whileCalling.accept(call);
        return next();
    }

    @Override
    public UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage) {
        calls.add(call);
        whileCalling.accept(call);
        for (int i = 0; i < messagesPerStream; i++) {
            onMessage.accept(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        return next();
    }

    private UpstreamOutcome next() {
        return script.isEmpty() ? otherwise : script.poll();
    }
}
