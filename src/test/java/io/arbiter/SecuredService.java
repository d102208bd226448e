package io.arbiter;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;

/**
 * The packaged service with security on, against the shared Keycloak ({@link KeycloakServer#shared()}):
 * one for every IT that signs in (KeycloakIT, AdminUiSignInIT, AdminUiScenarioIT), started by the first
 * that asks and stopped when failsafe's JVM exits — a start of its own per class would cost each one
 * an embedded PostgreSQL and a boot. The tests keep out of each other's way: their own command and
 * correlation ids, simulations narrowed to them, revisions found by number, never assumed.
 */
final class SecuredService {
    /**
     * The release gate's minimum ({@code arbiter.release.min-simulated-decisions}, 1000 by default),
     * lowered so the admin UI's scenario releases with a qualifying simulation after 50 decisions: the
     * same gate and evidence, a twentieth of the traffic to make first.
     */
    static final int MIN_SIMULATED_DECISIONS = 50;

    private static SecuredService shared;

    final KeycloakServer keycloak;
    final int port;
    /** Where a browser reaches it: {@code http://127.0.0.1:<port>}. */
    final String base;

    private SecuredService(KeycloakServer keycloak, int port) {
        this.keycloak = keycloak;
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
    }

    static synchronized SecuredService shared() throws Exception {
        if (shared == null) {
            KeycloakServer keycloak = KeycloakServer.shared();
            int port = PackagedServiceIT.freePort();
            allowTheAdminUiAt(keycloak, "http://127.0.0.1:" + port);
            Process process = PackagedServiceIT.start(Files.createTempDirectory(Path.of("target"), "it-secured-"), port,
                    "-Dquarkus.oidc.auth-server-url=" + keycloak.issuer("arbiter"),
                    "-Darbiter.release.min-simulated-decisions=" + MIN_SIMULATED_DECISIONS);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.destroy();
                try {
                    if (!process.waitFor(30, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "secured-service-stop"));
            shared = new SecuredService(keycloak, port);
        }
        return shared;
    }

    /** A request to the service with {@code token} as its bearer token. */
    RequestSpecification as(String token) {
        return PackagedServiceIT.api(port).auth().oauth2(token);
    }

    /** The realm lets the UI come back to port 8080 only; the service here runs on a free port. */
    @SuppressWarnings("unchecked")
    private static void allowTheAdminUiAt(KeycloakServer keycloak, String origin) {
        String admin = keycloak.adminToken();
        String clients = keycloak.admin("arbiter") + "/clients";
        String id = given().auth().oauth2(admin).queryParam("clientId", "arbiter-admin-ui").get(clients)
                .then().statusCode(200).extract().path("[0].id");
        Map<String, Object> client = given().auth().oauth2(admin).get(clients + "/" + id).then().statusCode(200).extract().as(Map.class);
        List<String> redirects = new ArrayList<>((List<String>) client.get("redirectUris"));
        redirects.add(origin + "/*");
        client.put("redirectUris", redirects);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(client).put(clients + "/" + id).then().statusCode(204);
    }
}
