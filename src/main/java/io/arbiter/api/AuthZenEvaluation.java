package io.arbiter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One AuthZEN access evaluation request, its parts as sent (JSON objects; {@code context} may be
 * null). Read leniently, as the AuthZEN 1.0 specification asks: members this reader does not use
 * are ignored, where {@code /v1/decide} refuses them.
 */
record AuthZenEvaluation(ObjectNode subject, ObjectNode action, ObjectNode resource, ObjectNode context) {
    static final List<String> PARTS = List.of("subject", "action", "resource", "context");

    /** The evaluation {@code request} asks for, each part it does not name taken from {@code defaults} (null: none). */
    static AuthZenEvaluation of(JsonNode request, AuthZenEvaluation defaults) {
        ObjectNode[] parts = new ObjectNode[PARTS.size()];
        for (int i = 0; i < parts.length; i++) {
            String name = PARTS.get(i);
            JsonNode part = request.get(name);
            if (part == null || part.isNull()) {
                parts[i] = defaults == null ? null : defaults.part(name);
            } else if (part instanceof ObjectNode object) {
                parts[i] = object;
            } else {
                throw ProblemException.badField(name, "must be an object");
            }
        }
        return new AuthZenEvaluation(parts[0], parts[1], parts[2], parts[3]);
    }

    /**
     * This evaluation, or a 400 naming the first part that a single evaluation must have and does
     * not: {@code subject.type}, {@code subject.id}, {@code action.name}, {@code resource.type},
     * {@code resource.id} (non-blank strings), and {@code resource.properties} an object if sent.
     */
    AuthZenEvaluation complete() {
        text(subject, "subject", "type");
        text(subject, "subject", "id");
        text(action, "action", "name");
        text(resource, "resource", "type");
        text(resource, "resource", "id");
        JsonNode properties = resource.get("properties");
        if (properties != null && !properties.isNull() && !properties.isObject()) {
            throw ProblemException.badField("resource.properties", "must be an object");
        }
        return this;
    }

    String subjectId() {
        return subject.get("id").asText();
    }

    String actionName() {
        return action.get("name").asText();
    }

    String resourceType() {
        return resource.get("type").asText();
    }

    String resourceId() {
        return resource.get("id").asText();
    }

    /** The resource's properties, or null. */
    ObjectNode properties() {
        return resource.get("properties") instanceof ObjectNode properties ? properties : null;
    }

    private ObjectNode part(String name) {
        return switch (name) {
            case "subject" -> subject;
            case "action" -> action;
            case "resource" -> resource;
            default -> context;
        };
    }

    private static void text(ObjectNode part, String partName, String member) {
        if (part == null) {
            throw ProblemException.badField(partName, "is required");
        }
        JsonNode value = part.get(member);
        if (value == null || value.isNull()) {
            throw ProblemException.badField(partName + "." + member, "is required");
        }
        if (!value.isTextual()) {
            throw ProblemException.badField(partName + "." + member, "must be a string");
        }
        if (value.asText().isBlank()) {
            throw ProblemException.badField(partName + "." + member, "must not be blank");
        }
    }
}
