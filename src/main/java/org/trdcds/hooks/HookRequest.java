package org.trdcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A CDS Hooks service request after its shape was checked: hook, hookInstance and context are present
 * and of the right JSON type, and the context holds what the hook requires.
 */
record HookRequest(String hook, String hookInstance, String fhirServer, JsonNode fhirAuthorization,
                   JsonNode context, JsonNode prefetch) {

    String patientId() {
        return context.get("patientId").asText();
    }
}
