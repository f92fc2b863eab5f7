package org.trdcds.patientdata;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads FHIR R4 resources from JSON trees, the same way for what the EHR sent (prefetch, hook context) and
 * what was fetched from its FHIR server, so that the same data gives the same cards either way.
 */
final class ResourceReader {

    private final FhirContext fhirContext;

    ResourceReader(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /**
     * Parses one resource, tolerating unknown elements and small structural slips, not invalid values. HAPI
     * reads the JSON tree as it is: a body is tokenised once, not once more per resource. The narratives are
     * removed from the tree first ({@link #dropNarratives}).
     * @param where the resource's place in the call, for the message of a 400 or a log line
     * @throws InvalidPatientDataException when it is not valid FHIR R4
     */
    Resource read(JsonNode json, String where) {
        if (!(json instanceof ObjectNode object)) {
            throw new InvalidPatientDataException(where + " is not a FHIR resource (a JSON object)");
        }
        dropNarratives(object);
        IJsonLikeParser parser = (IJsonLikeParser) fhirContext.newJsonParser()
                .setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(true));
        JacksonStructure tree = new JacksonStructure();
        tree.setNativeObject(object);
        try {
            return (Resource) parser.parseResource(tree);
        } catch (DataFormatException | ClassCastException e) {
            throw new InvalidPatientDataException(where + " is not valid FHIR R4: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Removes the narrative ({@code text}, the human-readable XHTML of a resource) of a resource, of the
     * resources it contains and, in a Bundle, of its entries' resources. No rule reads a narrative, and HAPI
     * parses each one as XHTML with a parser that first fills a table of 2,000 HTML entities: narratives made a
     * call for a patient of 100 resources five times as costly. Only a resource's own {@code text} is removed;
     * the {@code text} of a CodeableConcept or an answer, which rules do read, is inside other objects.
     */
    static void dropNarratives(ObjectNode resource) {
        resource.remove("text");
        for (JsonNode contained : resource.path("contained")) {
            if (contained instanceof ObjectNode containedResource) {
                dropNarratives(containedResource);
            }
        }
        if ("Bundle".equals(resource.path("resourceType").asText())) {
            for (JsonNode entry : resource.path("entry")) {
                if (entry.get("resource") instanceof ObjectNode entryResource) {
                    dropNarratives(entryResource);
                }
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.replaceFirst("^HAPI-\\d+: ", "");
    }
}
