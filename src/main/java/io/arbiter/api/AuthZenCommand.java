package io.arbiter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.arbiter.decision.CommandEnvelope;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The command an AuthZEN resource describes: {@code resource.id} is the command id, and the
 * {@code resource.properties} that name {@link DecideRequestV1} fields are the rest of the envelope.
 * Other properties are ignored, as AuthZEN asks; the fields kept are held to every rule of
 * {@code /v1/decide} — by its own reader, so the two cannot drift — and a field it refuses is named
 * where the AuthZEN request put it ({@code resource.properties.market}, {@code resource.id}).
 */
final class AuthZenCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ENVELOPE_FIELDS = Arrays.stream(DecideRequestV1.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet());
    private static final String COMMAND_ID = "commandId";

    private AuthZenCommand() {
    }

    static CommandEnvelope envelope(AuthZenEvaluation evaluation) {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode properties = evaluation.properties();
        if (properties != null) {
            properties.fields().forEachRemaining(p -> {
                if (ENVELOPE_FIELDS.contains(p.getKey()) && !p.getKey().equals(COMMAND_ID)) {
                    request.set(p.getKey(), p.getValue());
                }
            });
        }
        request.put(COMMAND_ID, evaluation.resourceId());
        // The request was already held to its own size limit; this is a part of it.
        return DecideRequestReader.readAssembled(request, AuthZenCommand::where);
    }

    private static String where(String field) {
        return field.equals(COMMAND_ID) ? "resource.id" : "resource.properties." + field;
    }
}
