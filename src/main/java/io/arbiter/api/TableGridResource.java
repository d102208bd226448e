package io.arbiter.api;

import io.arbiter.ruleset.RuleSetFile;
import io.arbiter.ruleset.RuleSetRevision;
import io.arbiter.ruleset.RuleSetService;
import io.arbiter.ruleset.TableTemplate;
import io.arbiter.security.Roles;
import io.arbiter.text.TextRules;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decision tables as grids, for the browser editor: a table file read as cells, edited grids
 * checked as the analyst types, and saved as a new DRAFT revision — through the same validation,
 * roles and storage as an upload.
 */
@Path("/v1/rulesets")
@Produces(MediaType.APPLICATION_JSON)
public class TableGridResource {
    private final RuleSetService ruleSets;
    private final Callers callers;

    @Inject
    public TableGridResource(RuleSetService ruleSets, Callers callers) {
        this.ruleSets = ruleSets;
        this.callers = callers;
    }

    /** A table file of a revision as a grid: 200; 404 for an unknown revision or file; 422 for a DRL file. */
    @GET
    @Path("/{revision}/files/{name}/grid")
    @RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.APPROVER})
    public TableGridV1 grid(@PathParam("revision") int revision, @PathParam("name") String name) {
        RuleSetFile file = ruleSets.file(revision, name);
        return new TableGridV1(revision, file.name(), file.sha256(), ruleSets.grid(revision, name));
    }

    /**
     * A new table for the editor's "New table": the grid of a file {@code file} holding one table
     * {@code table} in the standard layout ({@link TableTemplate}) and no rules, to be saved on this
     * revision through {@code POST /v1/rulesets/grids} under that name. Nothing is stored. 200 (its
     * {@code sha256} null: no such file is stored yet); 400 naming {@code file} or {@code table};
     * 404 for an unknown revision; 409 when the revision already has a file of that name.
     */
    @GET
    @Path("/{revision}/template")
    @RolesAllowed({Roles.ANALYST, Roles.ENGINEER})
    public TableGridV1 template(@PathParam("revision") int revision, @QueryParam("file") String file,
                                @QueryParam("table") String table) {
        String fileProblem = TableTemplate.fileNameProblem(file);
        if (fileProblem != null) {
            throw ProblemException.badField("file", fileProblem);
        }
        String tableProblem = TableTemplate.tableNameProblem(table);
        if (tableProblem != null) {
            throw ProblemException.badField("table", tableProblem);
        }
        if (ruleSets.find(revision).files().stream().anyMatch(f -> f.name().equals(file))) {
            String message = "revision " + revision + " already has a file named '" + file + "': open it, or choose another name";
            throw new ProblemException(409, "File exists", "file: " + message, List.of(new Problem.FieldError("file", message)));
        }
        return new TableGridV1(revision, file, null, TableTemplate.grid(file, table));
    }

    /**
     * Checks edited grids without storing anything: 200 with {@code valid} and every problem
     * located, as an upload would report them (422 is for a save that is refused).
     */
    @POST
    @Path("/grids/check")
    @RolesAllowed({Roles.ANALYST, Roles.ENGINEER})
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TableEditV1.class)))
    public TableEditV1.CheckV1 check(byte[] body, @Context HttpServerRequest request) {
        TableEditV1 edit = read(body, request);
        var errors = ruleSets.check(ruleSets.fromGrids(grids(edit), edit.base()), edit.base(), Set.of(), callers.current(request));
        return new TableEditV1.CheckV1(errors.isEmpty(), errors);
    }

    /** Saves edited grids as a new DRAFT revision: 201, or 422 with every problem located; nothing stored then. */
    @POST
    @Path("/grids")
    @RolesAllowed({Roles.ANALYST, Roles.ENGINEER})
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TableEditV1.class)))
    public Response save(byte[] body, @Context HttpServerRequest request) {
        TableEditV1 edit = read(body, request);
        if (edit.note() != null) {
            String problem = TextRules.decodedProblem(edit.note());
            if (problem != null) {
                throw new ProblemException(422, "Rule set rejected", "note: " + problem + "; nothing was stored",
                        List.of(new Problem.FieldError("note", problem)));
            }
        }
        RuleSetRevision created = ruleSets.upload(ruleSets.fromGrids(grids(edit), edit.base()), edit.base(),
                new LinkedHashSet<>(), edit.note(), callers.current(request));
        return Response.status(201).entity(created).build();
    }

    private static TableEditV1 read(byte[] body, HttpServerRequest request) {
        JsonMediaType.require(request.getHeader("Content-Type"));
        TableEditV1 edit = StrictJson.read(body, TableEditV1.class);
        if (edit == null || edit.files() == null || edit.files().isEmpty()) {
            throw ProblemException.badField("files", "send at least one file's grid");
        }
        for (int i = 0; i < edit.files().size(); i++) {
            TableEditV1.FileGrid f = edit.files().get(i);
            if (f == null || f.name() == null || f.name().isBlank()) {
                throw ProblemException.badField("files[" + i + "].name", "required");
            }
            if (f.sheets() == null || f.sheets().isEmpty()) {
                throw ProblemException.badField("files[" + i + "].sheets", "send the file's sheets, at least one");
            }
            for (int s = 0; s < f.sheets().size(); s++) {
                if (f.sheets().get(s) == null || f.sheets().get(s).rows() == null) {
                    throw ProblemException.badField("files[" + i + "].sheets[" + s + "].rows", "required");
                }
            }
        }
        return edit;
    }

    private static Map<String, List<io.arbiter.ruleset.TableGrids.SheetText>> grids(TableEditV1 edit) {
        Map<String, List<io.arbiter.ruleset.TableGrids.SheetText>> grids = new LinkedHashMap<>();
        for (int i = 0; i < edit.files().size(); i++) {
            TableEditV1.FileGrid f = edit.files().get(i);
            if (grids.put(f.name(), f.sheets()) != null) {
                throw ProblemException.badField("files[" + i + "].name", "'" + f.name() + "' is sent twice");
            }
        }
        return grids;
    }
}
