package io.arbiter.api;

import io.arbiter.text.TextRules;

import io.arbiter.release.ReleaseService;
import io.arbiter.ruleset.Activation;
import io.arbiter.ruleset.RuleSetFile;
import io.arbiter.ruleset.RuleSetRevision;
import io.arbiter.ruleset.RuleSetService;
import io.arbiter.security.Roles;
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
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Rule sets: read by analysts, engineers and approvers; uploaded by analysts (tables) and engineers (also DRL); released by approvers. */
@Path("/v1/rulesets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.APPROVER})
public class RuleSetResource {
    /** An override's reason is a sentence or a ticket reference, kept with the activation for good. */
    static final int MAX_OVERRIDE_REASON = 2048;

    private final RuleSetService ruleSets;
    private final ReleaseService release;
    private final Callers callers;

    @Inject
    public RuleSetResource(RuleSetService ruleSets, ReleaseService release, Callers callers) {
        this.ruleSets = ruleSets;
        this.release = release;
        this.callers = callers;
    }

    /** The parts of an upload: files, names to remove, the base revision, a note. */
    private static final Map<String, MultipartForm.Part> UPLOAD = Map.of("file", MultipartForm.Part.FILES,
            "remove", MultipartForm.Part.TEXTS, "base", MultipartForm.Part.TEXT, "note", MultipartForm.Part.TEXT);

    /**
     * Uploads a new DRAFT revision: 201, or 422 with every problem located to file/sheet/row/column
     * (or to the note, whose text must be storable). 400 for parts this endpoint does not take.
     */
    @POST
    @RolesAllowed({Roles.ANALYST, Roles.ENGINEER})
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = UploadFormsV1.RuleSetUpload.class)))
    public Response upload(MultipartFormDataInput input, @Context HttpServerRequest request) {
        MultipartForm form = MultipartForm.of(input, UPLOAD);
        List<RuleSetFile> upload = new ArrayList<>();
        for (FormValue f : form.files("file")) {
            try (InputStream in = f.getFileItem().getInputStream()) {
                upload.add(new RuleSetFile(f.getFileName(), in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> removals = form.texts("remove");
        if (upload.isEmpty() && removals.isEmpty()) {
            throw ProblemException.badField("file", "send at least one 'file' part or one 'remove' name");
        }
        Integer baseRevision = null;
        String base = form.text("base");
        if (base != null && !base.isBlank()) {
            try {
                baseRevision = Integer.valueOf(base.strip());
            } catch (NumberFormatException e) {
                throw ProblemException.badField("base", "not a revision number");
            }
        }
        String note = form.text("note");
        String noteProblem = note == null ? null : TextRules.decodedProblem(note);
        if (noteProblem != null) {
            // The note is stored with the revision: like a bad cell, it rejects the upload, and nothing is stored.
            throw new ProblemException(422, "Rule set rejected", "note: " + noteProblem + "; nothing was stored",
                    List.of(new Problem.FieldError("note", noteProblem)));
        }
        RuleSetRevision created = ruleSets.upload(upload, baseRevision, new LinkedHashSet<>(removals), note,
                callers.current(request));
        return Response.status(201).entity(created).build();
    }

    @GET
    public List<RuleSetRevision> list() {
        return ruleSets.list();
    }

    @GET
    @Path("/active")
    public RuleSetRevision active() {
        return ruleSets.findActive();
    }

    @GET
    @Path("/{revision}")
    public RuleSetRevision find(@PathParam("revision") int revision) {
        return ruleSets.find(revision);
    }

    /**
     * The exact bytes that were uploaded; with {@code as=csv} or {@code as=xlsx}, a table in that
     * format, named so ({@code 20-order-migration.drl.xlsx}) and holding the same cells, so it
     * compiles to the same rules: 200; 400 for another {@code as}; 404 for an unknown revision or
     * file; 409 when the workbook's tables are on several sheets and CSV was asked for; 422 for DRL.
     */
    @GET
    @Path("/{revision}/files/{name}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response file(@PathParam("revision") int revision, @PathParam("name") String name, @QueryParam("as") String as) {
        if (as == null) {
            RuleSetFile file = ruleSets.file(revision, name);
            return Response.ok(file.content())
                    .header("Content-Disposition", attachment(file))
                    .header("ETag", "\"" + file.sha256() + "\"")
                    .build();
        }
        RuleSetFile.Kind kind = switch (as) {
            case "csv" -> RuleSetFile.Kind.CSV;
            case "xlsx" -> RuleSetFile.Kind.XLSX;
            default -> throw ProblemException.badField("as", "a table downloads as csv or xlsx; leave 'as' out for the stored file");
        };
        RuleSetFile file = ruleSets.file(revision, name, kind);
        // No ETag: a workbook written afresh carries the time it was written, so its bytes differ on every download.
        return Response.ok(file.content()).header("Content-Disposition", attachment(file)).build();
    }

    private static String attachment(RuleSetFile file) {
        return "attachment; filename=\"" + file.name().replace("\"", "") + "\"";
    }

    /**
     * Makes the revision the one that decides, through the release gate: 200, or 409 saying what
     * the gate is missing. Rollback is activating a RETIRED revision (no simulation needed).
     */
    @POST
    @Path("/{revision}/activate")
    @RolesAllowed(Roles.APPROVER)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    public RuleSetRevision activate(@PathParam("revision") int revision, byte[] body, @Context HttpServerRequest request) {
        ActivateRequestV1 req = StrictJson.read(body, ActivateRequestV1.class);
        UUID simulationId = null;
        if (req != null && req.simulationId() != null) {
            try {
                simulationId = UUID.fromString(req.simulationId());
            } catch (IllegalArgumentException e) {
                throw ProblemException.badField("simulationId", "not a simulation id (a UUID)");
            }
        }
        if (req != null && req.overrideReason() != null && TextRules.longerThan(req.overrideReason(), MAX_OVERRIDE_REASON)) {
            throw ProblemException.badField("overrideReason", "may be at most " + MAX_OVERRIDE_REASON + " characters");
        }
        return release.activate(revision, simulationId, req == null ? null : req.overrideReason(), callers.current(request));
    }

    /** Every activation and rollback, newest first: who, when, on which simulation or why the gate was overridden. */
    @GET
    @Path("/activations")
    @RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.APPROVER, Roles.AUDITOR})
    public List<Activation> activations(@QueryParam("limit") String limit) {
        Integer size = RequestValues.integer("limit", limit);
        if (size != null && (size < 1 || size > 1000)) {
            throw ProblemException.badField("limit", "must be between 1 and 1000");
        }
        return ruleSets.activations(size == null ? 100 : size);
    }
}
