package io.arbiter.api;

import io.arbiter.text.TextRules;
import io.arbiter.text.StrictUtf8;

import com.fasterxml.jackson.databind.JsonNode;
import io.arbiter.audit.AuditQuery;
import io.arbiter.simulation.Simulation;
import io.arbiter.simulation.SimulationReport;
import io.arbiter.simulation.SimulationService;
import io.arbiter.simulation.SimulationSource;
import io.arbiter.simulation.ReportText;
import io.vertx.core.http.HttpServerRequest;
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
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Simulations: run by analysts, engineers and auditors; read also by approvers, who release on them. */
@Path("/v1/simulations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.APPROVER, Roles.AUDITOR})
public class SimulationResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final SimulationService simulations;
    private final Callers callers;

    @Inject
    public SimulationResource(SimulationService simulations, Callers callers) {
        this.simulations = simulations;
        this.callers = callers;
    }

    /** Replays a window of the audit log against a candidate revision: 202 with the queued simulation. */
    @POST
    @RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.AUDITOR})
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(byte[] body, @Context HttpServerRequest request) {
        JsonMediaType.require(request.getHeader("Content-Type"));
        SimulateRequestV1 req = StrictJson.read(body, SimulateRequestV1.class);
        if (req == null) {
            throw new ProblemException(400, "Invalid request", "The body is empty; send at least {\"candidateRevision\": N}", List.of());
        }
        if (req.candidateRevision() == null) {
            throw ProblemException.badField("candidateRevision", "is required");
        }
        SimulateRequestV1.AuditLogWindow log = req.source() == null || req.source().auditLog() == null
                ? new SimulateRequestV1.AuditLogWindow(null, null, null, null, null, null, null, null, null, null, null)
                : req.source().auditLog();
        String at = "source.auditLog.";
        AuditQuery q = new AuditQuery(log.commandId(), log.correlationId(), log.businessKey(), log.owner(), log.type(),
                log.revision(), RequestValues.outcome(at + "outcome", log.outcome()),
                RequestValues.instant(at + "from", log.from()), RequestValues.instant(at + "to", log.to()), log.tenant());
        Simulation accepted = simulations.submit(req.candidateRevision(), baseline(req.baseline()),
                new SimulationSource.AuditWindow(q, log.last()), req.examples(), signals(req.signals()), callers.current(request));
        return accepted(accepted);
    }

    /** The parts of a history upload. */
    private static final Map<String, MultipartForm.Part> HISTORY_UPLOAD = Map.of("history", MultipartForm.Part.FILE,
            "candidateRevision", MultipartForm.Part.TEXT, "baseline", MultipartForm.Part.TEXT,
            "examples", MultipartForm.Part.TEXT, "signals", MultipartForm.Part.TEXT);
    /** The longest history file name kept with the simulation. */
    static final int MAX_FILE_NAME = 255;

    /**
     * Replays an uploaded JSON Lines history (the audit export format, or bare envelopes):
     * multipart fields {@code history} (the file), {@code candidateRevision}, optional
     * {@code baseline} ({@code recorded} or a revision number) and {@code examples}. A history that
     * is not UTF-8 is 422 with the line; nothing is stored for it.
     */
    @POST
    @RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.AUDITOR})
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = UploadFormsV1.HistoryUpload.class)))
    public Response upload(MultipartFormDataInput input, @Context HttpServerRequest request) {
        MultipartForm form = MultipartForm.of(input, HISTORY_UPLOAD);
        FormValue history = form.file("history");
        if (history == null) {
            throw ProblemException.badField("history", "attach the history file (JSON Lines) as the 'history' part");
        }
        Integer candidateRevision = RequestValues.integer("candidateRevision", text(form, "candidateRevision"));
        if (candidateRevision == null) {
            throw ProblemException.badField("candidateRevision", "is required");
        }
        String baseline = text(form, "baseline");
        Integer baselineRevision = baseline == null || baseline.isBlank() || baseline.strip().equals("recorded")
                ? null : RequestValues.integer("baseline", baseline);
        Integer examples = RequestValues.integer("examples", text(form, "examples"));
        String signalsText = text(form, "signals");
        Map<String, Object> assumed = signalsText == null || signalsText.isBlank() ? Map.of()
                : signals(StrictJson.read(signalsText.getBytes(java.nio.charset.StandardCharsets.UTF_8), JsonNode.class));
        String fileName = history.getFileName();
        String nameProblem = TextRules.decodedProblem(fileName);
        if (nameProblem != null || TextRules.longerThan(fileName, MAX_FILE_NAME)) {
            throw ProblemException.badField("history", "the file name " + (nameProblem != null ? nameProblem
                    : "is longer than " + MAX_FILE_NAME + " characters"));
        }
        requireUtf8(history);
        SimulationSource.Upload upload;
        try {
            upload = SimulationService.keep(history.getFileItem().getInputStream(), fileName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return accepted(simulations.submit(candidateRevision, baselineRevision, upload, examples, assumed,
                callers.current(request)));
    }

    /** A text part's value, 400 naming it when it is not text we read. */
    private static String text(MultipartForm form, String name) {
        String value = form.text(name);
        String problem = value == null ? null : TextRules.decodedProblem(value);
        if (problem != null) {
            throw ProblemException.badField(name, problem);
        }
        return value;
    }

    /** JSON Lines are UTF-8: a history that is not is refused with the line, before anything is kept. */
    private static void requireUtf8(FormValue history) {
        try (InputStream in = history.getFileItem().getInputStream()) {
            StrictUtf8.Malformed malformed = StrictUtf8.check(in);
            if (malformed != null) {
                String message = "line " + malformed.line() + " " + malformed.message();
                throw new ProblemException(422, "History rejected", "history: " + message,
                        List.of(new Problem.FieldError("history", message)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    public List<SimulationV1> list(@QueryParam("candidateRevision") String candidate, @QueryParam("limit") String limit,
                                   @Context HttpServerRequest request) {
        Integer size = RequestValues.integer("limit", limit);
        if (size != null && (size < 1 || size > MAX_LIMIT)) {
            throw ProblemException.badField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return simulations.list(RequestValues.integer("candidateRevision", candidate), size == null ? DEFAULT_LIMIT : size,
                        callers.current(request)).stream().map(SimulationV1::of).toList();
    }

    /** Status, progress and — once COMPLETED — the report. */
    @GET
    @Path("/{id}")
    public SimulationV1 find(@PathParam("id") String id, @Context HttpServerRequest request) {
        return SimulationV1.of(simulations.find(uuid(id), callers.current(request)));
    }

    /** The report as the readable text table the CLI prints; 409 until the simulation has completed. */
    @GET
    @Path("/{id}/report")
    @Produces(MediaType.TEXT_PLAIN)
    public String report(@PathParam("id") String id, @Context HttpServerRequest request) {
        Simulation s = simulations.find(uuid(id), callers.current(request));
        if (s.report() == null) {
            throw new ProblemException(409, "No report yet", "Simulation " + id + " is " + s.status()
                    + "; a report exists once it is COMPLETED", List.of());
        }
        return ReportText.render(SimulationReport.fromJson(s.report()));
    }

    /** Stops a queued or running simulation: 202; 409 once it has finished. */
    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.AUDITOR})
    public Response cancel(@PathParam("id") String id, @Context HttpServerRequest request) {
        return Response.accepted(SimulationV1.of(simulations.cancel(uuid(id), callers.current(request)))).build();
    }

    private static Response accepted(Simulation s) {
        return Response.accepted(SimulationV1.of(s)).location(URI.create("/v1/simulations/" + s.id())).build();
    }

    /**
     * {@code signals}, a "what if": an object of signal name → value as JSON gives it (a number,
     * true/false or a level's text); the service checks each against its declaration.
     */
    static Map<String, Object> signals(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ProblemException.badField("signals", "an object of signal name → value, e.g. {\"fulfillment-planner.lag\": 10000}");
        }
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            values.put(field.getKey(), RequestValues.scalar(field.getValue()));
        }
        return values;
    }

    private static Integer baseline(JsonNode node) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().equals("recorded"))) {
            return null;
        }
        if (node.isObject() && node.size() == 1 && node.path("revision").canConvertToInt() && node.get("revision").isIntegralNumber()) {
            return node.get("revision").asInt();
        }
        throw ProblemException.badField("baseline", "either \"recorded\" or {\"revision\": N}");
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("id", "not a simulation id (a UUID)");
        }
    }
}
