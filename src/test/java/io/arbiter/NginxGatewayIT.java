package io.arbiter;

import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The configurations of {@code deploy/gateway/nginx/} run by a real nginx on loopback, in front of
 * the packaged service (embedded PostgreSQL, open mode) and three small upstreams — legacy, new and
 * the topic bridge — that echo who they are and the decision id they got. Each command must land
 * where its recorded decision says, also after an activation changes the route; the failure
 * answers (no owner, refused, unknown destination, Arbiter unreachable or slow, failing closed or
 * open) are the configurations' own. The files are used as shipped: only the loopback addresses
 * (and, where a test says so, the failure policy or the deny status) are substituted.
 *
 * <p>Commands are US orders, which the bundled policy sends to the legacy OMS whatever the signals
 * say; each variant moves its own cohort, so neither's activation changes the other's commands.
 */
class NginxGatewayIT {
    static final Path CONFIGURATION = Path.of("deploy/gateway/nginx");
    static final Path JS_MODULE = Path.of("/usr/lib/nginx/modules/ngx_http_js_module.so");
    static final String AUTH_REQUEST = "auth-request.conf";
    static final String NJS = "njs.conf";

    static Path work;
    static Process service;
    static int arbiterPort;
    static Upstream legacy;
    static Upstream fresh;
    static Upstream bridge;
    Process nginx;

    @BeforeAll
    static void startServiceAndUpstreams() throws Exception {
        assumeTrue(nginxInstalled(), "nginx is not installed: apt-get install nginx libnginx-mod-http-js (.ci/run does)");
        work = Files.createTempDirectory(Path.of("target"), "it-gateway-");
        arbiterPort = PackagedServiceIT.freePort();
        service = PackagedServiceIT.start(work, arbiterPort);
        legacy = Upstream.start("legacy");
        fresh = Upstream.start("new");
        bridge = Upstream.start("topic-bridge");
    }

    @AfterAll
    static void stopServiceAndUpstreams() throws Exception {
        for (Upstream u : new Upstream[] {legacy, fresh, bridge}) {
            if (u != null) {
                u.stop();
            }
        }
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor();
        }
    }

    @AfterEach
    void stopNginx() throws Exception {
        if (nginx != null && nginx.isAlive()) {
            nginx.destroy(); // SIGTERM: fast shutdown of the master and its worker
            nginx.waitFor();
        }
        for (Upstream u : new Upstream[] {legacy, fresh, bridge}) {
            u.received.clear();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AUTH_REQUEST, NJS})
    void eachCommandLandsWhereItsDecisionSaysWithTheDecisionIdAcrossAnActivationThatChangesTheRoute(String variant) throws Exception {
        String cohort = variant.equals(NJS) ? "gw-njs" : "gw-auth";
        int gateway = startNginx(variant, Map.of());

        Map<String, String> order = envelope("PlaceOrder", cohort);
        Response before = send(gateway, order);
        before.then().statusCode(200).body("upstream", equalTo("legacy"));
        String firstDecision = before.path("decisionId");
        arbiter().get("/v1/decisions/" + firstDecision).then().statusCode(200)
                .body("input.commandId", equalTo(order.get("commandId"))).body("input.cohort", equalTo(cohort))
                .body("result.owner", equalTo("order-management")).body("result.implementation", equalTo("legacy"))
                .body("result.mode", equalTo("DIRECT"));
        assertEquals(json(order), legacy.received.peek().body(), "the upstream gets the command as the client sent it");

        int revision = activate(variant.equals(NJS) ? "51-gateway-njs.drl.csv" : "50-gateway-auth.drl.csv", cohort);

        Map<String, String> again = new LinkedHashMap<>(order);
        again.put("commandId", variant + "-" + UUID.randomUUID());
        Response after = send(gateway, again);
        after.then().statusCode(200).body("upstream", equalTo("new")).body("revision", equalTo(String.valueOf(revision)));
        String secondDecision = after.path("decisionId");
        assertNotEquals(firstDecision, secondDecision);
        arbiter().get("/v1/decisions/" + secondDecision).then().statusCode(200)
                .body("input.commandId", equalTo(again.get("commandId"))).body("revision", equalTo(revision))
                .body("result.implementation", equalTo("new"));

        // The first command id, retried, keeps its first decision: idempotent through the gateway too.
        send(gateway, order).then().statusCode(200).body("upstream", equalTo("legacy")).body("decisionId", equalTo(firstDecision));

        Response async = send(gateway, envelope("PlaceOrder", cohort + "-async"));
        async.then().statusCode(200).body("upstream", equalTo("topic-bridge")).body("mode", equalTo("ASYNC"));
        arbiter().get("/v1/decisions/" + async.path("decisionId")).then().statusCode(200).body("result.mode", equalTo("ASYNC"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AUTH_REQUEST, NJS})
    void aCommandNobodyOwnsIsAnsweredWithTheChosenStatusAndAProblemAndReachesNoUpstream(String variant) throws Exception {
        int gateway = startNginx(variant, Map.of());
        Response denied = send(gateway, envelope("UpdateOrderStatus", "gw-none"));
        denied.then().statusCode(403).contentType("application/problem+json").body("title", equalTo("No owner"))
                .body("status", equalTo(403)).body("outcome", equalTo("NO_OWNER"));
        arbiter().get("/v1/decisions/" + denied.path("decisionId")).then().statusCode(200)
                .body("result.outcome", equalTo("NO_OWNER"));
        assertNothingReceived();
        stopNginx();

        gateway = startNginx(variant, Map.of("return 403 ", "return 409 "));
        send(gateway, envelope("UpdateOrderStatus", "gw-none")).then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409)).body("outcome", equalTo("NO_OWNER"));
        assertNothingReceived();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AUTH_REQUEST, NJS})
    void aCommandArbiterRefusesIsABadRequestADestinationOffTheWhitelistIsNeverProxiedAndAnUnreachableOwnerIs502(String variant) throws Exception {
        int gateway = startNginx(variant, Map.of());
        Map<String, String> withoutType = envelope("PlaceOrder", "gw-bad");
        withoutType.remove("type");
        send(gateway, withoutType).then().statusCode(400).contentType("application/problem+json");

        // Inventory is a real owner in the bundled policy, but not one this gateway's whitelist lists.
        Response unknown = send(gateway, envelope("ReserveInventory", "gw-unlisted"));
        unknown.then().statusCode(502).contentType("application/problem+json").body("title", equalTo("Unknown destination"))
                .body("destination", equalTo("inventory"));
        arbiter().get("/v1/decisions/" + unknown.path("decisionId")).then().statusCode(200)
                .body("result.owner", equalTo("inventory"));
        assertNothingReceived();
        stopNginx();

        // The decided upstream is down: the decision stands (502 with its id), the command is not re-routed.
        gateway = startNginx(variant, Map.of("127.0.0.1:" + legacy.port(), "127.0.0.1:" + PackagedServiceIT.freePort()));
        Response unreachable = send(gateway, envelope("PlaceOrder", "gw-owner-down"));
        unreachable.then().statusCode(502).contentType("application/problem+json").body("title", equalTo("Owner unreachable"))
                .body("destination", equalTo("order-management/legacy"));
        arbiter().get("/v1/decisions/" + unreachable.path("decisionId")).then().statusCode(200)
                .body("result.implementation", equalTo("legacy"));
        assertNothingReceived();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AUTH_REQUEST, NJS})
    void whenArbiterCannotBeReachedTheGatewayFailsClosedOrOpenAsConfigured(String variant) throws Exception {
        String dead = "127.0.0.1:" + PackagedServiceIT.freePort();
        int gateway = startNginx(variant, Map.of(arbiterAddress(), dead));
        send(gateway, envelope("PlaceOrder", "gw-down")).then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "1").body("title", equalTo("Routing unavailable"));
        assertNothingReceived();
        stopNginx();

        gateway = startNginx(variant, Map.of(arbiterAddress(), dead,
                "set $arbiter_unavailable @arbiter_fail_closed;", "set $arbiter_unavailable @arbiter_fail_open;"));
        Map<String, String> order = envelope("PlaceOrder", "gw-down");
        send(gateway, order).then().statusCode(200).body("upstream", equalTo("legacy"))
                .body("outcome", equalTo("UNDECIDED")).body("decisionId", equalTo(""));
        assertEquals(json(order), legacy.received.peek().body());
    }

    @Test
    void whenArbiterIsSlowerThanTheTimeoutBothVariantsFailClosed() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.setExecutor(threads);
        slow.createContext("/", exchange -> {
            try {
                Thread.sleep(5_000);
                exchange.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        slow.start();
        try {
            for (String variant : List.of(AUTH_REQUEST, NJS)) {
                int gateway = startNginx(variant, Map.of(arbiterAddress(), "127.0.0.1:" + slow.getAddress().getPort()));
                Instant sent = Instant.now();
                send(gateway, envelope("PlaceOrder", "gw-slow")).then().statusCode(503).body("title", equalTo("Routing unavailable"));
                Duration took = Duration.between(sent, Instant.now());
                assertTrue(took.compareTo(Duration.ofMillis(900)) > 0 && took.compareTo(Duration.ofSeconds(4)) < 0,
                        variant + ": answered after the configured 1 s read timeout, not at once nor after Arbiter: " + took);
                stopNginx();
            }
            assertNothingReceived();
        } finally {
            slow.stop(0);
            threads.shutdownNow();
        }
    }

    // --- the pieces ---

    /** A command both variants read: the envelope as X-Command-* headers (auth_request) and as the JSON body (njs). */
    static Map<String, String> envelope(String type, String cohort) {
        Map<String, String> envelope = new LinkedHashMap<>();
        envelope.put("commandId", cohort + "-" + UUID.randomUUID());
        envelope.put("type", type);
        envelope.put("market", "US");
        envelope.put("channel", "web");
        envelope.put("cohort", cohort);
        return envelope;
    }

    static Response send(int gateway, Map<String, String> envelope) {
        var request = given().baseUri("http://127.0.0.1:" + gateway).contentType(ContentType.JSON).body(json(envelope));
        Map<String, String> headers = Map.of("commandId", "X-Command-Id", "type", "X-Command-Type", "market", "X-Command-Market",
                "channel", "X-Command-Channel", "cohort", "X-Command-Cohort");
        envelope.forEach((field, value) -> request.header(headers.get(field), value));
        // A client cannot make an owner log a decision that was not made, nor pick a route.
        request.header("X-Arbiter-Decision-Id", "forged").header("X-Arbiter-Mode", "ASYNC")
                .header("X-Arbiter-Destination", "order-management/new");
        return request.post("/commands/orders");
    }

    static String json(Map<String, String> envelope) {
        return envelope.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    static io.restassured.specification.RequestSpecification arbiter() {
        return PackagedServiceIT.api(arbiterPort);
    }

    /** Uploads a table moving {@code cohort}'s orders to the new implementation and {@code cohort-async}'s to ASYNC, and activates it. */
    static int activate(String file, String cohort) {
        String table = String.join("\n",
                "RuleSet,io.arbiter.it." + cohort.replace('-', '_'),
                ",",
                "RuleTable Gateway cutover " + cohort,
                "NAME,CONDITION,CONDITION,ACTION,ACTION",
                ",c: Command...,c: Command...,,",
                ",\"type == \"\"$param\"\"\",\"cohort == \"\"$param\"\"\",\"route.implementation(\"\"$param\"\");\",\"route.mode(\"\"$param\"\");\"",
                "Rule,Type,Cohort,Implementation,Mode",
                "Cohort " + cohort + " moves to the new implementation,PlaceOrder," + cohort + ",new,DIRECT",
                "Cohort " + cohort + "-async goes through the topic,PlaceOrder," + cohort + "-async,legacy,ASYNC") + "\n";
        int revision = arbiter().multiPart("file", file, table.getBytes(StandardCharsets.UTF_8)).post("/v1/rulesets")
                .then().statusCode(201).extract().path("revision");
        arbiter().contentType(ContentType.JSON).body("{\"overrideReason\":\"gateway integration test\"}")
                .post("/v1/rulesets/" + revision + "/activate").then().statusCode(200).body("status", equalTo("ACTIVE"));
        return revision;
    }

    static String arbiterAddress() {
        return "127.0.0.1:" + arbiterPort;
    }

    void assertNothingReceived() {
        for (Upstream u : new Upstream[] {legacy, fresh, bridge}) {
            assertTrue(u.received.isEmpty(), u.name + " received a command it must not: " + u.received);
        }
    }

    /**
     * Starts nginx with {@code variant}, the shipped files copied under target/ with the loopback
     * addresses substituted and then {@code edits} (text → replacement) applied; waits until it listens.
     */
    int startNginx(String variant, Map<String, String> edits) throws Exception {
        if (variant.equals(NJS)) {
            assertTrue(Files.exists(JS_MODULE), "nginx's njs module is missing: apt-get install libnginx-mod-http-js (.ci/run does)");
        }
        int port = PackagedServiceIT.freePort();
        Path prefix = Files.createTempDirectory(work, "nginx-");
        // nginx's workers run as another user when the master is root: they must reach the prefix.
        Files.setPosixFilePermissions(prefix, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = Files.createDirectories(prefix.resolve("conf"));
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("temp"));
        Map<String, String> substitutions = new LinkedHashMap<>();
        substitutions.put("127.0.0.1:8000", "127.0.0.1:" + port);
        substitutions.put("127.0.0.1:8080", arbiterAddress());
        substitutions.put("127.0.0.1:9001", "127.0.0.1:" + legacy.port());
        substitutions.put("127.0.0.1:9002", "127.0.0.1:" + fresh.port());
        substitutions.put("127.0.0.1:9003", "127.0.0.1:" + bridge.port());
        substitutions.putAll(edits);
        try (Stream<Path> files = Files.list(CONFIGURATION)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".conf") || f.toString().endsWith(".js")).toList()) {
                String text = Files.readString(file);
                for (Map.Entry<String, String> s : substitutions.entrySet()) {
                    text = text.replace(s.getKey(), s.getValue());
                }
                Files.writeString(conf.resolve(file.getFileName()), text);
            }
        }
        for (Map.Entry<String, String> edit : edits.entrySet()) {
            assertTrue(Files.readString(conf.resolve(variant)).contains(edit.getValue())
                            || Files.readString(conf.resolve("arbiter-routes.conf")).contains(edit.getValue())
                            || Files.readString(conf.resolve("arbiter-errors.conf")).contains(edit.getValue()),
                    "the edit '" + edit.getKey() + "' matched nothing: the configuration changed under the test");
        }
        nginx = new ProcessBuilder("nginx", "-p", prefix.toAbsolutePath() + "/", "-c", conf.resolve(variant).toAbsolutePath().toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (!nginx.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(prefix.resolve("logs/stdout.log"))
                        + (Files.exists(prefix.resolve("logs/error.log")) ? Files.readString(prefix.resolve("logs/error.log")) : ""));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return port;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen on " + port);
    }

    static boolean nginxInstalled() {
        try {
            Process p = new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A command handler that says who it is and what it got from the gateway. */
    record Received(String decisionId, String outcome, String body) {
    }

    static final class Upstream {
        final String name;
        final HttpServer server;
        final Queue<Received> received = new ConcurrentLinkedQueue<>();

        private Upstream(String name, HttpServer server) {
            this.name = name;
            this.server = server;
        }

        static Upstream start(String name) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            Upstream upstream = new Upstream(name, server);
            server.createContext("/", exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Received got = new Received(header(exchange, "X-Arbiter-Decision-Id"), header(exchange, "X-Arbiter-Outcome"), body);
                upstream.received.add(got);
                byte[] answer = ("{\"upstream\":\"" + name + "\",\"decisionId\":\"" + got.decisionId() + "\",\"outcome\":\""
                        + got.outcome() + "\",\"revision\":\"" + header(exchange, "X-Arbiter-Revision") + "\",\"mode\":\""
                        + header(exchange, "X-Arbiter-Mode") + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return upstream;
        }

        private static String header(com.sun.net.httpserver.HttpExchange exchange, String name) {
            String value = exchange.getRequestHeaders().getFirst(name);
            return value == null ? "" : value;
        }

        int port() {
            return server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }

        @Override
        public String toString() {
            return name + new ArrayList<>(received);
        }
    }
}
