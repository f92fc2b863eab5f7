package org.trdcds.hooks;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;

/**
 * Whether a completed questionnaire is a PHQ-9 (contract: its questionnaire canonical or its items name
 * PHQ-9 LOINC codes). The same test as "Is PHQ-9" in cql/PHQ9Scores.cql, applied to the hook's own
 * questionnaire before any data is gathered, so that another questionnaire gets no cards at all;
 * Phq9QuestionnairesTest holds the two to the same answers. An item names a PHQ-9 code when it is one of
 * the nine items or the total ("PHQ-9 Item Codes" and "PHQ-9 Total Code" in cql/TRDConcepts.cql); the panel
 * code 44249-1 names the questionnaire, not an item.
 */
final class Phq9Questionnaires {

    private static final Set<String> PHQ9_CODES = Set.of("44261-6", "44250-9", "44255-8", "44259-0",
            "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8");

    private Phq9Questionnaires() {}

    static boolean isPhq9(QuestionnaireResponse response) {
        String questionnaire = response.getQuestionnaire() == null ? "" : response.getQuestionnaire().toLowerCase(Locale.ROOT);
        if (questionnaire.contains("44249-1") || questionnaire.matches("(?s).*phq-?9.*")) {
            return true;
        }
        return anyPhq9Item(response.getItem(), 0);
    }

    private static boolean anyPhq9Item(List<QuestionnaireResponseItemComponent> items, int depth) {
        for (QuestionnaireResponseItemComponent item : items) {
            String linkId = item.getLinkId() == null ? "" : item.getLinkId().replaceFirst("^/", "");
            String definition = item.getDefinition() == null ? "" : item.getDefinition();
            if (PHQ9_CODES.contains(linkId)
                    || (definition.contains("loinc.org") && PHQ9_CODES.contains(definition.substring(definition.lastIndexOf('/') + 1)))) {
                return true;
            }
            if (depth < 1 && anyPhq9Item(item.getItem(), depth + 1)) {
                return true;
            }
        }
        return false;
    }
}
