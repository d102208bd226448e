package io.arbiter.api;

import io.arbiter.decision.DecisionService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;

@Path("/v1/decide")
public class DecideResource {
    @Inject
    DecisionService decisions;

    @Inject
    DecideConfig config;

    /** Which bounded context owns this command now. 200 for every outcome, including NO_OWNER and AMBIGUOUS. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public DecisionV1 decide(InputStream body) {
        return DecisionV1.of(decisions.decide(DecideRequestReader.read(body, config.maxBodyBytes())));
    }
}
