package io.arbiter.api.readme;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** README curl blocks read as a shell and curl would read them. */
class CurlCommandTest {
    @Test
    void curlCommandsAreReadAsTheShellAndCurlReadThem() {
        List<CurlCommand> commands = CurlCommand.parseAll("""
                curl -si -H 'content-type: application/json' localhost:8080/v1/simulations \\
                     -d '{"candidateRevision": 2,
                  "x": "it''s"}'
                curl -s "localhost:8080/v1/audit/verify"          # optional from= / to= (ISO instants)
                curl -s -F file=@examples/25-eu-store-pilot.drl.csv -F note="EU \\"store\\" pilot" localhost:8080/v1/rulesets
                curl -s -XPOST 'localhost:8080/v1/rulesets/2/evaluate?at=2026-12-01T09:00:00Z'
                curl -s "localhost:8080/v1/decisions/export?from=x" > history.jsonl
                """);
        assertEquals(5, commands.size());
        assertEquals(new CurlCommand("POST", "/v1/simulations", Map.of("content-type", "application/json"),
                "{\"candidateRevision\": 2,\n  \"x\": \"its\"}", List.of(), true), commands.get(0));
        assertEquals(new CurlCommand("GET", "/v1/audit/verify", Map.of(), null, List.of(), false), commands.get(1));
        assertEquals(new CurlCommand("POST", "/v1/rulesets", Map.of(), null,
                List.of(Map.entry("file", "@examples/25-eu-store-pilot.drl.csv"), Map.entry("note", "EU \"store\" pilot")), false), commands.get(2));
        assertEquals("POST /v1/rulesets/2/evaluate?at=2026-12-01T09:00:00Z", commands.get(3).toString());
        assertEquals("GET /v1/decisions/export?from=x", commands.get(4).toString());
    }

    @Test
    void anOptionTheReaderDoesNotKnowIsRefusedRatherThanIgnored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CurlCommand.parseAll("curl -s --compressed localhost:8080/v1/version"));
        assertEquals("curl argument '--compressed' is not one the README examples are read with", e.getMessage());
    }
}
