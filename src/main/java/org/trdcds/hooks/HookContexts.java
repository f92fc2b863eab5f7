package org.trdcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What each hook's context must hold (CDS Hooks 2.0 hook definitions, and the contract for the custom
 * questionnaire hook), and the check of a request's shape against it.
 */
final class HookContexts {

    static final String PATIENT_VIEW = "patient-view";
    static final String ORDER_SELECT = "order-select";
    static final String ORDER_SIGN = "order-sign";
    static final String QUESTIONNAIRE_COMPLETED = "org.trd-cds.questionnaire-completed";

    private enum Kind { STRING, STRING_ARRAY, OBJECT }

    private record Field(String name, Kind kind, boolean required) {}

    private static final Map<String, List<Field>> FIELDS = Map.of(
            PATIENT_VIEW, List.of(new Field("patientId", Kind.STRING, true), new Field("userId", Kind.STRING, true),
                    new Field("encounterId", Kind.STRING, false)),
            ORDER_SELECT, List.of(new Field("patientId", Kind.STRING, true), new Field("userId", Kind.STRING, true),
                    new Field("encounterId", Kind.STRING, false),
                    new Field("selections", Kind.STRING_ARRAY, true), new Field("draftOrders", Kind.OBJECT, true)),
            ORDER_SIGN, List.of(new Field("patientId", Kind.STRING, true), new Field("userId", Kind.STRING, true),
                    new Field("encounterId", Kind.STRING, false), new Field("draftOrders", Kind.OBJECT, true)),
            QUESTIONNAIRE_COMPLETED, List.of(new Field("patientId", Kind.STRING, true),
                    new Field("userId", Kind.STRING, true), new Field("encounterId", Kind.STRING, false),
                    new Field("questionnaireResponse", Kind.OBJECT, true)));

    private HookContexts() {}

    /** Checks the request body's shape for the service's hook; the first problem is a 400. */
    static HookRequest read(JsonNode body, String serviceHook) {
        String hook = requiredText(body, "hook");
        String hookInstance = requiredText(body, "hookInstance");
        JsonNode context = body.get("context");
        if (context == null || !context.isObject()) {
            throw new BadRequestException("'context' is missing or not an object");
        }
        if (!hook.equals(serviceHook)) {
            throw new BadRequestException("this service answers the '" + serviceHook + "' hook, not '" + hook + "'");
        }
        for (Field field : FIELDS.get(serviceHook)) {
            check(context, field);
        }
        String fhirServer = optionalText(body, "fhirServer");
        JsonNode fhirAuthorization = body.get("fhirAuthorization");
        if (fhirAuthorization != null && !fhirAuthorization.isNull() && !fhirAuthorization.isObject()) {
            throw new BadRequestException("'fhirAuthorization' is not an object");
        }
        JsonNode prefetch = body.get("prefetch");
        if (prefetch != null && !prefetch.isNull() && !prefetch.isObject()) {
            throw new BadRequestException("'prefetch' is not an object");
        }
        return new HookRequest(hook, hookInstance, fhirServer, fhirAuthorization, context,
                prefetch == null || prefetch.isNull() ? null : prefetch);
    }

    private static void check(JsonNode context, Field field) {
        JsonNode value = context.get(field.name());
        if (value == null || value.isNull()) {
            if (field.required()) {
                throw new BadRequestException("context." + field.name() + " is required for this hook");
            }
            return;
        }
        boolean ok = switch (field.kind()) {
            case STRING -> value.isTextual() && !value.asText().isBlank();
            case OBJECT -> value.isObject();
            case STRING_ARRAY -> value.isArray() && allText(value);
        };
        if (!ok) {
            throw new BadRequestException("context." + field.name() + " must be "
                    + switch (field.kind()) {
                        case STRING -> "a non-empty string";
                        case OBJECT -> "a JSON object (a FHIR resource)";
                        case STRING_ARRAY -> "an array of strings";
                    });
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String requiredText(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new BadRequestException("'" + name + "' is missing or not a string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequestException("'" + name + "' is not a string");
        }
        return value.asText();
    }
}
