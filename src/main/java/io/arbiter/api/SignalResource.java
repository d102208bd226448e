package io.arbiter.api;

import io.arbiter.security.Roles;
import io.arbiter.signals.SignalPush;
import io.arbiter.signals.SignalService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Signals: every declared signal as it stands, a push of one signal's value, and the record of who
 * pushed what. Reading is for everyone who reads rule sets or the audit (and for the pushers);
 * pushing is the {@code signal-writer} role's alone; the record of pushes is the auditor's.
 */
@Path("/v1/signals")
@Produces(MediaType.APPLICATION_JSON)
public class SignalResource {
    static final int DEFAULT_PUSHES = 100;

    private final SignalService signals;
    private final Callers callers;

    @Inject
    public SignalResource(SignalService signals, Callers callers) {
        this.signals = signals;
        this.callers = callers;
    }

    @GET
    @RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.APPROVER, Roles.AUDITOR, Roles.SIGNAL_WRITER})
    public List<SignalV1> all() {
        return signals.all().stream().map(SignalV1::of).toList();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({Roles.ANALYST, Roles.ENGINEER, Roles.APPROVER, Roles.AUDITOR, Roles.SIGNAL_WRITER})
    public SignalV1 one(@PathParam("name") String name) {
        return SignalV1.of(signals.get(name));
    }

    /** 200 with the signal as it stands after the push (a late observation is recorded, not applied). */
    @PUT
    @Path("/{name}")
    @RolesAllowed(Roles.SIGNAL_WRITER)
    @Consumes(MediaType.APPLICATION_JSON)
    public SignalV1 push(@PathParam("name") String name, byte[] body, @Context HttpServerRequest request) {
        SignalPushV1 push = StrictJson.read(body, SignalPushV1.class);
        if (push == null) {
            throw ProblemException.badField("value", "The body is {\"value\": …, \"observedAt\": \"…\"}");
        }
        return SignalV1.of(signals.push(name, RequestValues.scalar(push.value()), push.observedAt() == null ? null
                : Instants.parse("observedAt", push.observedAt()), callers.current(request)));
    }

    @GET
    @Path("/{name}/pushes")
    @RolesAllowed(Roles.AUDITOR)
    public SignalV1.PushPageV1 pushes(@PathParam("name") String name, @QueryParam("limit") String limit,
                                      @QueryParam("cursor") String cursor) {
        int n = RequestValues.limit("limit", limit, DEFAULT_PUSHES, SignalService.MAX_PUSHES_PAGE);
        SignalService.Status signal = signals.get(name);
        List<SignalPush> page = signals.pushes(name, RequestValues.cursor("cursor", cursor), n + 1);
        String next = page.size() > n ? String.valueOf(page.get(n - 1).id()) : null;
        return new SignalV1.PushPageV1(page.stream().limit(n).map(p -> SignalV1.PushV1.of(p, signal)).toList(), next);
    }
}
