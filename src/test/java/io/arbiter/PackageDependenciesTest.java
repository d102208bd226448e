package io.arbiter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages' layering, read off the sources: a package depends on another when one of its files
 * names a type of it ({@code io.arbiter.ruleset.CompiledRuleSet}, imported or written out).
 */
class PackageDependenciesTest {
    private static final Path SOURCES = Path.of("src/main/java/io/arbiter");
    private static final Pattern REFERENCE = Pattern.compile("io\\.arbiter\\.([a-z]+)\\.[A-Z]");

    @Test
    void noTwoPackagesDependOnEachOtherThroughAnyPath() {
        Map<String, Set<String>> graph = dependencies();
        for (String start : graph.keySet()) {
            List<String> cycle = cycleThrough(start, start, graph, new ArrayList<>(List.of(start)), new TreeSet<>());
            assertTrue(cycle.isEmpty(), "a package loop: " + String.join(" -> ", cycle));
        }
    }

    @Test
    void theDomainModelDependsOnNoOtherPartOfArbiter() {
        assertEquals(Set.of(), dependencies().get("decision"), "decision holds the fact model and route resolution");
    }

    @Test
    void rulesDependOnTheModelAndNotOnTheUseCaseOrItsAdapters() {
        Set<String> ruleset = dependencies().get("ruleset");
        for (String above : List.of("routing", "audit", "simulation", "release", "api")) {
            assertTrue(!ruleset.contains(above), "ruleset depends on " + above + ": " + ruleset);
        }
    }

    @Test
    void theDecideUseCaseSitsAboveTheModelAndTheRules() {
        Set<String> routing = dependencies().get("routing");
        assertTrue(routing.containsAll(Set.of("decision", "ruleset")), routing.toString());
        for (String adapter : List.of("audit", "simulation", "release", "api")) {
            assertTrue(!routing.contains(adapter), "routing depends on " + adapter + ": " + routing);
        }
    }

    @Test
    void onlyTracingKnowsOpenTelemetry() throws IOException {
        assertEquals(List.of(), filesOutside("tracing", "import io.opentelemetry"));
    }

    @Test
    void tracingSitsBelowTheUseCaseAndDependsOnNoOtherPartOfArbiter() {
        assertEquals(Set.of(), dependencies().get("tracing"));
    }

    /** The files outside {@code pkg} that contain {@code text}. */
    private static List<String> filesOutside(String pkg, String text) throws IOException {
        List<String> outside = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (!SOURCES.relativize(f).startsWith(pkg) && Files.readString(f).contains(text)) {
                    outside.add(SOURCES.relativize(f).toString());
                }
            }
        }
        return outside;
    }

    @Test
    void onlyTheApiKnowsHttp() throws IOException {
        List<String> outside = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                if (!SOURCES.relativize(f).startsWith("api")
                        && (text.contains("import jakarta.ws.rs") || text.contains("import io.vertx.core.http"))) {
                    outside.add(SOURCES.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of(), outside);
    }

    /** A path from {@code at} back to {@code start}, or empty. */
    private static List<String> cycleThrough(String start, String at, Map<String, Set<String>> graph, List<String> path,
                                             Set<String> seen) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleThrough(start, next, graph, path, seen);
                if (!found.isEmpty()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return List.of();
    }

    static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f).getName(0).toString();
                Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        deps.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }
}
