package io.arbiter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.arbiter.PackagedServiceIT.freePort;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Keycloak for the integration tests: the distribution from Maven Central (unpacked by the
 * build into target/keycloak), started in dev mode on loopback with realms imported from files, on
 * a fresh data directory. One for all of them ({@link #shared()}): a start costs 30–60 s, and
 * failsafe runs every IT class one after another in one JVM.
 */
final class KeycloakServer implements AutoCloseable {
    static final Path HOME = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.4.7"));
    /** Every realm an IT signs in with: Arbiter's as deployed, and another one whose tokens Arbiter must refuse. */
    static final Path[] REALMS = {Path.of("deploy/keycloak/arbiter-realm.json"), Path.of("src/test/resources/keycloak/other-realm.json")};

    private static KeycloakServer shared;

    private final Process process;
    private final int port;

    private KeycloakServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * The Keycloak every IT shares, started by the first that asks, with {@link #REALMS}; stopped
     * when failsafe's JVM exits. Tests change the realm only in ways others do not see (a redirect
     * URI of their own, clients of their own, the sessions of a user they sign in with).
     */
    static synchronized KeycloakServer shared() throws Exception {
        if (shared == null) {
            KeycloakServer started = start("it-keycloak", REALMS);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "keycloak-stop"));
            shared = started;
        }
        return shared;
    }

    /** Starts Keycloak with {@code realms} imported (the first one is waited for), its log in target/{@code logName}. */
    static KeycloakServer start(String logName, Path... realms) throws Exception {
        assertTrue(Files.isDirectory(HOME), "Keycloak is unpacked by `mvn verify` (pre-integration-test) into " + HOME);
        Path data = HOME.resolve("data");
        if (Files.exists(data)) {
            try (var walk = Files.walk(data)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Path imports = Files.createDirectories(data.resolve("import"));
        for (Path realm : realms) {
            Files.copy(realm, imports.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        int port = freePort();
        Path log = Files.createDirectories(Path.of("target", logName)).resolve("keycloak.log");
        ProcessBuilder kc = new ProcessBuilder(HOME.resolve("bin/kc.sh").toString(), "start-dev", "--http-host=127.0.0.1",
                "--http-port=" + port, "--import-realm", "--cache=local")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        kc.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        kc.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        kc.environment().put("JAVA_HOME", System.getProperty("java.home"));
        KeycloakServer server = new KeycloakServer(kc.start(), port);
        String realm = realms[0].getFileName().toString().replace("-realm.json", "");
        // 30–60 s on two quiet cores; the first start after unpacking also builds the distribution (Quarkus
        // augmentation), and on cores shared with other builds both were measured at 150–340 s.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(600));
        try {
            while (true) {
                assertTrue(server.process.isAlive(), () -> "Keycloak exited: " + read(log));
                assertTrue(Instant.now().isBefore(deadline), () -> "Keycloak did not start: " + read(log));
                try {
                    if (given().get(server.issuer(realm) + "/.well-known/openid-configuration").statusCode() == 200) {
                        return server;
                    }
                } catch (Exception notYet) {
                    // connection refused while it starts (RestAssured throws ConnectException unchecked)
                }
                Thread.sleep(500);
            }
        } catch (AssertionError | InterruptedException e) {
            // Left running, it would hold the data directory of the next start and two cores' worth of CPU.
            server.close();
            throw e;
        }
    }

    String issuer(String realm) {
        return "http://127.0.0.1:" + port + "/realms/" + realm;
    }

    /** The admin REST API's base for {@code realm}. */
    String admin(String realm) {
        return "http://127.0.0.1:" + port + "/admin/realms/" + realm;
    }

    /** A token of the bootstrap admin, for the admin REST API: fixtures no operator needs. */
    String adminToken() {
        return given().formParams(Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                        "password", "admin")).post(issuer("master") + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /** An access token for one of the realm's example users (password grant through the admin UI's client). */
    String userToken(String user) {
        return given().formParams(Map.of("grant_type", "password", "client_id", "arbiter-admin-ui", "username", user,
                        "password", "change-me", "scope", "openid"))
                .post(issuer("arbiter") + "/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
    }

    /** An access token of a confidential client of {@code realm} (client credentials grant), as a gateway gets one. */
    String clientToken(String realm, String client, String secret) {
        return given().formParams(Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", secret))
                .post(issuer(realm) + "/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
