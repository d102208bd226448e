package io.arbiter.bench;

import io.arbiter.decision.Command;
import io.arbiter.decision.RoutingResult;
import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleSetFile;
import io.arbiter.ruleset.TestSignals;
import io.arbiter.simulation.SimulatorCli;
import io.arbiter.tracing.DecideTrace;
import io.arbiter.tracing.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-process cost that tracing adds to one decision, on the 1,000-row table of {@link DecideBenchmark}:
 * {@code CompiledRuleSet.evaluate} between the calls {@code DecisionService.decide} makes on its
 * {@link DecideTrace}, with the stages the decide path builds around the audit write — without the
 * trace calls (the baseline), with tracing off (the default: {@code quarkus.otel.sdk.disabled}) and
 * with tracing on (the SDK as Quarkus configures it: a batch span processor, here to an exporter
 * that counts and discards, so the network is not measured).
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:exec -Pbench -Dbench.main=io.arbiter.bench.TracingBenchmark}.
 * The three variants run in turn, decision by decision, so the machine's drift reaches all alike.
 * Not measured: the HTTP server span Quarkus adds per request when tracing is on.
 */
public final class TracingBenchmark {
    private static final Object STORED = new Object();

    /** Counts what the batch processor hands it: the spans were made and sent on, not dropped. */
    static final class CountingExporter implements SpanExporter {
        final AtomicLong spans = new AtomicLong();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAndGet(batch.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    public static void main(String[] args) {
        SimulatorCli.quietLogging();
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        CompiledRuleSet ruleSet = TestSignals.compiler()
                .compile(1, List.of(new RuleSetFile("bench.drl.csv", DecideBenchmark.csv(DecideBenchmark.rows())))).warmUp(1);
        Command[] commands = DecideBenchmark.commands(10_000);
        UUID[] ids = new UUID[commands.length];
        Arrays.setAll(ids, i -> UUID.randomUUID());
        Instant now = Instant.now();

        Tracing off = new Tracing(OpenTelemetry.noop(), true);
        CountingExporter exporter = new CountingExporter();
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build();
        Tracing on = new Tracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build(), false);

        long sink = 0;
        for (int i = 0; i < 200_000; i++) {
            int k = i % commands.length;
            sink += plain(ruleSet, commands[k], now) + traced(off, ruleSet, commands[k], ids[k], now)
                    + traced(on, ruleSet, commands[k], ids[k], now);
        }
        long[] base = new long[measured];
        long[] disabled = new long[measured];
        long[] enabled = new long[measured];
        for (int i = 0; i < measured; i++) {
            int k = i % commands.length;
            Command c = commands[k];
            // Rotated, so that no variant always runs right after the same other one.
            for (int v = 0; v < 3; v++) {
                int which = (i + v) % 3;
                long t0 = System.nanoTime();
                sink += which == 0 ? plain(ruleSet, c, now) : traced(which == 1 ? off : on, ruleSet, c, ids[k], now);
                long t = System.nanoTime() - t0;
                (which == 0 ? base : which == 1 ? disabled : enabled)[i] = t;
            }
        }
        provider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
        provider.shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
        Arrays.sort(base);
        Arrays.sort(disabled);
        Arrays.sort(enabled);
        System.out.printf("decisions=%d (sink %d), spans exported with tracing on: %d%n", measured, sink, exporter.spans.get());
        print("no trace calls (baseline)", base);
        print("tracing off (default)    ", disabled);
        print("tracing on (batch export)", enabled);
        System.out.printf("added median: off %+.2f us, on %+.2f us%n", DecideBenchmark.us(disabled, 0.5) - DecideBenchmark.us(base, 0.5),
                DecideBenchmark.us(enabled, 0.5) - DecideBenchmark.us(base, 0.5));
    }

    private static void print(String name, long[] sorted) {
        System.out.printf("%s median %.2f us  p99 %.2f us%n", name, DecideBenchmark.us(sorted, 0.5), DecideBenchmark.us(sorted, 0.99));
    }

    /** Evaluation, and the audit write's stage and the answer's stage around it, as decide builds them. */
    private static int plain(CompiledRuleSet ruleSet, Command c, Instant now) {
        RoutingResult result = ruleSet.evaluate(c, now);
        CompletableFuture<Object> written = new CompletableFuture<>();
        CompletionStage<Object> answer = written.thenApply(w -> result);
        written.complete(STORED);
        return answer.toCompletableFuture().join() == result ? 1 : 0;
    }

    /** The same, between the calls {@code DecisionService.decide} makes on its trace. */
    private static int traced(Tracing tracing, CompiledRuleSet ruleSet, Command c, UUID id, Instant now) {
        DecideTrace trace = tracing.decide(tracing.parent(), c.getType());
        trace.stamped(id, 1);
        trace.evaluating();
        RoutingResult result = ruleSet.evaluate(c, now);
        trace.evaluated(result.outcome().name());
        trace.appending();
        CompletableFuture<Object> written = new CompletableFuture<>();
        CompletionStage<Object> answer = trace.answered(trace.appended(written).thenApply(w -> result));
        written.complete(STORED);
        return answer.toCompletableFuture().join() == result ? 1 : 0;
    }
}
