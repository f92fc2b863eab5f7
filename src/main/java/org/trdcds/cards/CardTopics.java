package org.trdcds.cards;

/** The project's card-topic CodeSystem (fhir-resources/vocabulary/codesystem/CodeSystem-card-topic.json). */
public final class CardTopics {
    public static final String SYSTEM = "http://trd-cds.org/fhir/CodeSystem/card-topic";

    private CardTopics() {}
}
