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
 * a fresh data directory. One at a time: the tests using it run one after another in failsafe's JVM.
 */
final class KeycloakServer implements AutoCloseable {
    static final Path HOME = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.4.7"));

    private final Process process;
    private final int port;

    private KeycloakServer(Process process, int port) {
        this.process = process;
        this.port = port;
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
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
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
