package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MeteredBackendTest {

    private static final UpstreamOperation PROFILE = new UpstreamOperation(Upstream.AUTH, "GetUserProfile");
    private static final String TOKEN = "secret-access-token-123";

    private final RecordingTracer recording = new RecordingTracer();
    private final List<SpanData> finished = recording.finished;
    private final Tracer tracer = recording.tracer;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Logger logger = (Logger) LoggerFactory.getLogger(MeteredBackend.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void captureLogs() {
        levelBefore = logger.getLevel();
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void restoreLogs() {
        logger.detachAppender(logged);
        logger.setLevel(levelBefore);
        recording.close();
    }

    @Test
    void timesEachCallByServiceMethodAndStatus() {
        MeteredBackend backend = new MeteredBackend(answering(UpstreamOutcome.Failed.of(FailureKind.NOT_FOUND)),
                meters, Tracer.NOOP);

        backend.call(call());
        backend.call(call());

        Timer timer = meters.get("gateway.grpc.client.calls")
                .tags("service", "auth-service", "method", "GetUserProfile", "status", "NOT_FOUND").timer();
        assertThat(timer.count()).isEqualTo(2);
    }

    @Test
    void aCallWaitingForItsAdmissionIsTimedFromTheAdmissionOn() {
        MeteredBackend backend = new MeteredBackend(answering(okAnswer()), meters, Tracer.NOOP);
        CompletableFuture<Boolean> admission = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> admission.complete(true));

        assertThat(backend.callIfAdmitted(call(), admission)).get().isInstanceOf(UpstreamOutcome.Ok.class);

        Timer timer = meters.get("gateway.grpc.client.calls")
                .tags("service", "auth-service", "method", "GetUserProfile", "status", "OK").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).as("not the 300 ms the admission took").isLessThan(250);
    }

    @Test
    void aCallThatIsNotAdmittedIsNeitherTimedNorTraced() {
        MeteredBackend backend = new MeteredBackend(answering(okAnswer()), meters, tracer);
        CompletableFuture<Boolean> admission = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS).execute(() -> admission.complete(false));
        Span request = tracer.nextSpan().name("GET /api/v1/user/profile").start();

        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            assertThat(backend.callIfAdmitted(call(), admission)).isEmpty();
        } finally {
            request.end();
        }

        assertThat(meters.find("gateway.grpc.client.calls").timers()).isEmpty();
        assertThat(finished).noneMatch(span -> span.getKind() == SpanKind.CLIENT);
    }

    @Test
    void callsAnOpenCircuitRefusedAreTimedWithStatusCircuitOpen() {
        MeteredBackend backend = new MeteredBackend(
                answering(new UpstreamOutcome.CircuitOpen(Duration.ofSeconds(3))), meters, Tracer.NOOP);

        backend.call(call());

        Timer timer = meters.get("gateway.grpc.client.calls")
                .tags("service", "auth-service", "method", "GetUserProfile", "status", "CIRCUIT_OPEN").timer();
        assertThat(timer.count()).isEqualTo(1);
    }

    @Test
    void logsOneDebugLinePerCallWithItsFieldsAndNeverTheToken() {
        logger.setLevel(Level.DEBUG);
        MeteredBackend backend = new MeteredBackend(answering(okAnswer()), meters, Tracer.NOOP);

        backend.call(call());

        assertThat(logged.list).hasSize(1);
        ILoggingEvent line = logged.list.getFirst();
        assertThat(line.getLevel()).isEqualTo(Level.DEBUG);
        assertThat(line.getFormattedMessage()).matches(
                "grpc call service=auth-service method=GetUserProfile status=OK latencyMs=\\d+\\.\\d requestId=req-7");
        assertThat(line.getFormattedMessage()).doesNotContain(TOKEN);
    }

    @Test
    void logsNothingAtInfo() {
        logger.setLevel(Level.INFO);
        MeteredBackend backend = new MeteredBackend(answering(okAnswer()), meters, Tracer.NOOP);

        backend.call(call());

        assertThat(logged.list).isEmpty();
    }

    @Test
    void runsTheCallInAClientSpanChildOfTheRequestSpanWhoseTraceParentTheCallSees() {
        W3cTraceParents traceParents = new W3cTraceParents(tracer);
        String[] seenByTheCall = new String[1];
        Backend upstream = answering(okAnswer(), () -> seenByTheCall[0] = traceParents.current());
        MeteredBackend backend = new MeteredBackend(upstream, meters, tracer);
        Span request = tracer.nextSpan().name("GET /api/v1/user/profile").start();

        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            backend.call(call());
            assertThat(traceParents.current()).as("the request's span is current again")
                    .isEqualTo(W3cTraceParents.of(request.context()));
        } finally {
            request.end();
        }

        SpanData client = finished.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertThat(client.getName()).isEqualTo("auth-service/GetUserProfile");
        assertThat(client.getTraceId()).isEqualTo(request.context().traceId());
        assertThat(client.getParentSpanId()).isEqualTo(request.context().spanId());
        assertThat(client.getAttributes().asMap().toString()).contains("rpc.grpc.status=OK")
                .contains("rpc.method=GetUserProfile");
        assertThat(seenByTheCall[0]).isEqualTo("00-" + client.getTraceId() + "-" + client.getSpanId() + "-01");
    }

    @Test
    void endsTheSpanWithTheErrorWhenTheCallThrows() {
        RuntimeException bug = new IllegalArgumentException("no such field");
        MeteredBackend backend = new MeteredBackend(answering(okAnswer(), () -> {
            throw bug;
        }), meters, tracer);
        Span request = tracer.nextSpan().name("GET /api/v1/user/profile").start();

        try (Tracer.SpanInScope scope = tracer.withSpan(request)) {
            assertThatThrownBy(() -> backend.call(call())).isSameAs(bug);
        }

        assertThat(finished).singleElement().satisfies(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getStatus().getStatusCode().name()).isEqualTo("ERROR");
        });
    }

    @Test
    void makesNoSpanForACallOfAnUnsampledRequestWhichStillSendsTheRequestsTraceContext() {
        W3cTraceParents traceParents = new W3cTraceParents(tracer);
        String[] seenByTheCall = new String[1];
        MeteredBackend backend = new MeteredBackend(
                answering(okAnswer(), () -> seenByTheCall[0] = traceParents.current()), meters, tracer);
        TraceContext unsampled = tracer.traceContextBuilder().traceId("4bf92f3577b34da6a3ce929d0e0e4736")
                .spanId("00f067aa0ba902b7").sampled(false).build();

        try (CurrentTraceContext.Scope scope = tracer.currentTraceContext().newScope(unsampled)) {
            backend.call(call());
        }

        assertThat(finished).as("no span recorded for an unsampled request's call").isEmpty();
        assertThat(seenByTheCall[0]).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        assertThat(meters.get("gateway.grpc.client.calls").timer().count()).as("timed all the same").isEqualTo(1);
    }

    @Test
    void makesNoSpanForACallOutsideAnyRequest() {
        new MeteredBackend(answering(okAnswer()), meters, tracer).call(call());

        assertThat(finished).isEmpty();
    }

    private static UpstreamCall call() {
        Identity caller = new Identity(new UserId("u-1"), new SessionId("s-1"), TOKEN);
        return new UpstreamCall(PROFILE, new byte[0], Map.of(), Set.of(),
                new CallContext(new RequestId("req-7"), Optional.of(caller), Optional.empty(), Duration.ofSeconds(1)));
    }

    private static UpstreamOutcome okAnswer() {
        return new UpstreamOutcome.Ok(new byte[0], false, Map.of());
    }

    private static Backend answering(UpstreamOutcome outcome) {
        return answering(outcome, () -> { });
    }

    private static Backend answering(UpstreamOutcome outcome, Runnable during) {
        return new Backend() {
            @Override
            public UpstreamOutcome call(UpstreamCall call) {
                during.run();
                return outcome;
            }

            @Override
            public UpstreamOutcome stream(UpstreamCall call, Consumer<byte[]> onMessage) {
                during.run();
                return outcome;
            }
        };
    }
}
