package io.arbiter.api;

import io.arbiter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The fields a decision table may test and a decide request sends ({@link io.arbiter.decision.FactModel}),
 * for the admin UI's "Try it" form. Roles as reading rule sets: who may try a command may know its fields.
 */
@Path("/v1/fact-model")
@Produces(MediaType.APPLICATION_JSON)
public class FactModelResource {
    private static final FactModelV1 MODEL = FactModelV1.current();

    /** Every field with its type, whether it is sent and required, its length limit, example and meaning: 200. */
    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.APPROVER})
    public FactModelV1 factModel() {
        return MODEL;
    }
}
