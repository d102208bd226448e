package io.arbiter.api;

import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Describes the decide request's fact-model fields in OpenAPI from the {@link FactModel} itself —
 * meaning, example, length and whether required — so the API description cannot say other than
 * what the reader enforces and the analyst guide documents. Registered by {@code mp.openapi.filter}.
 */
public class FactModelOpenApi implements OASFilter {
    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Schema request = openAPI.getComponents().getSchemas().get("DecideRequestV1");
        if (request == null || request.getProperties() == null) {
            return;
        }
        List<String> required = new ArrayList<>();
        for (FactField field : FactModel.FIELDS) {
            Schema property = request.getProperties().get(field.name());
            if (property == null) {
                continue; // derived by Arbiter (bucket): not part of the request
            }
            property.setDescription(field.description());
            if (field.sentAsText()) {
                property.setMaxLength(field.maxLength());
                property.setExample(field.example());
            }
            if (field.required()) {
                required.add(field.name());
            }
        }
        request.setRequired(required);
    }
}
