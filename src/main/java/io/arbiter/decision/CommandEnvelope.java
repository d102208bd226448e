package io.arbiter.decision;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Map;

/**
 * A command as a caller describes it: the {@link FactModel} fields it sends (identity, routing
 * dimensions, free-form attributes) and the trace fields recorded with its decision.
 */
public record CommandEnvelope(
        String commandId,
        String type,
        String businessKey,
        String tenant,
        String market,
        String channel,
        String product,
        String customerTier,
        String cohort,
        Map<String, String> attributes,
        String correlationId,
        String causationId,
        Instant issuedAt) implements CommandFields {

    public CommandEnvelope {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The key percentage rollouts hash: the business key, or the command id when there is none. */
    public String bucketKey() {
        return businessKey != null ? businessKey : commandId;
    }

    /**
     * An envelope carrying these text fields, named as in the {@link FactModel}, and attributes;
     * everything else absent. For warm-up probes and tests, which fill fields by name: reflective,
     * so never on the request path.
     */
    public static CommandEnvelope carrying(Map<String, String> text, Map<String, String> attributes) {
        for (String name : text.keySet()) {
            FactField field = FactModel.field(name);
            if (field == null || !field.sentAsText()) {
                throw new IllegalArgumentException("'" + name + "' is not text a caller sends; fields are "
                        + FactModel.SENT_TEXT.stream().map(FactField::name).toList());
            }
        }
        RecordComponent[] components = CommandEnvelope.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getName().equals(FactModel.ATTRIBUTES.name()) ? attributes : text.get(components[i].getName());
        }
        try {
            return CommandEnvelope.class.getDeclaredConstructor(types).newInstance(values);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("CommandEnvelope has no canonical constructor", e);
        }
    }
}
