package io.arbiter.api;

import io.arbiter.ruleset.RevisionDiffs;
import io.arbiter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * What changed between two revisions, for whoever reads rule sets: files, and inside decision
 * tables the tables, rows and cells the analyst wrote; inside DRL, the lines.
 */
@Path("/v1/rulesets/{revision}/diff")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.APPROVER})
public class RevisionDiffResource {
    private final RevisionDiffs diffs;

    @Inject
    public RevisionDiffResource(RevisionDiffs diffs) {
        this.diffs = diffs;
    }

    /**
     * The changes from {@code against} (default: the revision's base, else the active revision) to
     * {@code revision}: 200; 400 when either is not a whole number; 404 naming a revision that does not exist.
     */
    @GET
    public RevisionDiffV1 diff(@PathParam("revision") String revision, @QueryParam("against") String against) {
        Integer after = RequestValues.integer("revision", revision);
        if (after == null) {
            throw ProblemException.badField("revision", "not a whole number");
        }
        return RevisionDiffV1.of(diffs.diff(after, RequestValues.integer("against", against)));
    }
}
