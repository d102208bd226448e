package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

/**
 * {@code arbiter.security.role-claim-path} moves where roles are read, and only there: with client
 * roles configured, realm roles and groups grant nothing — on first use and on reuse of a token.
 */
@QuarkusTest
@TestProfile(RoleClaimPathTest.ClientRoles.class)
@ExtendWith(Tokens.EachRequestSaysWhoItIs.class)
class RoleClaimPathTest {
    public static class ClientRoles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("arbiter.security.role-claim-path", "resource_access/arbiter/roles");
        }
    }

    @Test
    void onlyTheConfiguredPathGrantsRoles() {
        String client = Tokens.custom(c -> c.subject("sub-c").claim("preferred_username", "client-decider")
                .claim("resource_access", Map.of("arbiter", Map.of("roles", List.of("decider")))));
        String realm = Tokens.custom(c -> c.subject("sub-r").claim("preferred_username", "realm-decider")
                .claim("realm_access", Map.of("roles", List.of("decider"))).claim("groups", List.of("decider")));
        for (int i = 0; i < 2; i++) {
            IdentityClaimsTest.decideWith(client).then().statusCode(200);
            IdentityClaimsTest.decideWith(realm).then().statusCode(403);
        }
    }
}
