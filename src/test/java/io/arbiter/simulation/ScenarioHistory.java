package io.arbiter.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.RoutingResult;
import io.arbiter.ruleset.CompiledRuleSet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a deterministic history in the audit export format: commands decided by {@code ruleSet}
 * (recorded as revision {@code revision}) at times spread from {@code start} over {@code spanDays}.
 * Used by tests, and to make the scenario histories in simulator/scenarios.
 */
public final class ScenarioHistory {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final String[] TYPES = {"PlaceOrder", "PlaceOrder", "PlaceOrder", "CancelOrder", "ReserveInventory", "IssueRefund",
            "ReleaseOrderForFulfillment", "UpdateOrderStatus"};
    static final String[] MARKETS = {"EU", "EU", "US", "UK", "JP"};
    static final String[] CHANNELS = {"web", "web", "store", "marketplace"};

    private ScenarioHistory() {
    }

    /** The routing fields of a recorded result, as the audit export holds them. */
    public static Map<String, Object> resultFields(RoutingResult r, int bucket) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("outcome", r.outcome().name());
        result.put("owner", r.owner());
        result.put("implementation", r.implementation());
        result.put("mode", r.mode() == null ? null : r.mode().name());
        result.put("acceptance", r.acceptance() == null ? null : r.acceptance().name());
        result.put("translation", r.translation());
        result.put("failureContract", r.failureContract() == null ? null : r.failureContract().name());
        result.put("destination", r.destination());
        result.put("bucket", bucket);
        result.put("matchedRules", r.matchedRules());
        return result;
    }

    public static void write(Path file, CompiledRuleSet ruleSet, int revision, int count, Instant start, int spanDays) {
        SplittableRandom random = new SplittableRandom(20261122);
        long span = spanDays * 86_400_000L;
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < count; i++) {
                Map<String, String> attributes = new LinkedHashMap<>();
                if (random.nextInt(10) == 0) {
                    attributes.put("dataResidency", "restricted");
                }
                String type = TYPES[random.nextInt(TYPES.length)];
                if (type.equals("IssueRefund")) {
                    attributes.put("amount", Integer.toString(random.nextInt(100, 9000)));
                }
                CommandEnvelope envelope = new CommandEnvelope(String.format("cmd-%06d", i), type,
                        String.format("order-%06d", i), random.nextBoolean() ? "acme" : "globex",
                        MARKETS[random.nextInt(MARKETS.length)], CHANNELS[random.nextInt(CHANNELS.length)],
                        random.nextInt(8) == 0 ? "luxury" : null, null, random.nextInt(20) == 0 ? "pilot-2026" : null,
                        attributes, null, null, null);
                Instant at = start.plusMillis(span * i / count);
                Command command = Command.of(envelope);
                RoutingResult r = ruleSet.evaluate(command, at);
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("decisionId", String.format("dec-%06d", i));
                result.put("commandId", envelope.commandId());
                result.putAll(resultFields(r, command.getBucket()));
                result.put("revision", revision);
                result.put("reasons", List.of());
                result.put("decidedAt", at.toString());
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("seq", i + 1);
                line.put("decision_id", String.format("dec-%06d", i));
                line.put("timestamp", at.toString());
                line.put("path", "v1/decide");
                line.put("revision", revision);
                line.put("input", envelope);
                line.put("result", result);
                out.write(JSON.writeValueAsString(line));
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
