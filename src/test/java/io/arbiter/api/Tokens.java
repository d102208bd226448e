package io.arbiter.api;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Bearer tokens for API tests, shaped like Keycloak's (preferred_username, azp, realm_access.roles,
 * tenant) and signed with the key whose public half the test profile trusts
 * ({@code %test.quarkus.oidc.public-key}). The real Keycloak is exercised by {@code KeycloakIT}.
 */
public final class Tokens {
    /** The identity API tests act as unless they say otherwise: every role, no tenant. */
    public static final String TESTER = "tester";
    /** Who activates in tests: never the author of what it activates (four-eyes). */
    public static final String APPROVER = "approver-bob";

    private static final PrivateKey KEY = load();

    private Tokens() {
    }

    public static String token(String user, String tenant, String... roles) {
        return token(user, tenant, 3600, roles);
    }

    /** A token that expires {@code expiresInSeconds} from now. */
    public static String token(String user, String tenant, long expiresInSeconds, String... roles) {
        var claims = Jwt.claims().subject(user).claim("preferred_username", user).claim("azp", "arbiter-tests")
                .claim("realm_access", Map.of("roles", List.of(roles))).issuer("https://arbiter.test").audience("arbiter")
                .expiresIn(expiresInSeconds);
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        return claims.jws().keyId("test").sign(KEY);
    }

    /**
     * A token with only the claims every token needs (issuer, audience, expiry, azp) plus what
     * {@code claims} adds — for tests of where roles, tenants and subjects may come from.
     */
    public static String custom(java.util.function.Consumer<io.smallrye.jwt.build.JwtClaimsBuilder> claims) {
        var builder = Jwt.claims().claim("azp", "arbiter-tests").issuer("https://arbiter.test").audience("arbiter").expiresIn(3600);
        claims.accept(builder);
        return builder.jws().keyId("test").sign(KEY);
    }

    /**
     * A token whose payload is exactly {@code payloadJson}, signed with the test key: for claims a
     * JSON writer would not produce (an escaped unpaired surrogate).
     */
    public static String signedPayload(String payloadJson) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"test\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(KEY);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rsa.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String TESTER_TOKEN = token(TESTER, null, "decider", "analyst", "engineer", "approver", "auditor");
    private static final Filter AS_TESTER = (request, response, ctx) -> {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", "Bearer " + TESTER_TOKEN);
        }
        return ctx.next(request, response);
    };

    /** Every request from now on carries the tester's token, unless it sets its own Authorization. */
    public static void actAsTester() {
        RestAssured.replaceFiltersWith(AS_TESTER);
    }

    /** No default token: each request says who it is (or is anonymous). */
    public static void actAsNobody() {
        RestAssured.replaceFiltersWith(List.of());
    }

    /**
     * For a test class whose every request says who it is: no default token while the class runs,
     * the tester's again afterwards ({@code @ExtendWith(Tokens.EachRequestSaysWhoItIs.class)}).
     */
    public static final class EachRequestSaysWhoItIs implements BeforeAllCallback, AfterAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            actAsNobody();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            actAsTester();
        }
    }

    /** A request as {@code user} with {@code roles}, no tenant. */
    public static RequestSpecification as(String user, String... roles) {
        return given().header("Authorization", "Bearer " + token(user, null, roles));
    }

    /** A request as a tenant-bound {@code user}. */
    public static RequestSpecification asTenant(String user, String tenant, String... roles) {
        return given().header("Authorization", "Bearer " + token(user, tenant, roles));
    }

    /** The approver that activates in tests (never the tester who uploads). */
    public static RequestSpecification approver() {
        return as(APPROVER, "approver", "analyst");
    }

    private static PrivateKey load() {
        try (InputStream in = Tokens.class.getResourceAsStream("/test-signing-key.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("test signing key", e);
        }
    }
}
