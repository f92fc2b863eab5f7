package org.trdcds.content;

import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.ActivityDefinition;

/**
 * A nested PlanDefinition action: a suggestion on its card. It creates the resource its ActivityDefinition
 * describes ({@code definitionCanonical}), or, with action type {@code remove}, deletes the resources named by
 * a CQL define ({@code dynamicValue} with path {@code resourceId}, e.g. the draft order a hard stop is about).
 *
 * @param label suggestion label template
 * @param condition CQL define that says whether to offer it; null to always offer it with its card
 * @param create the ActivityDefinition to apply; null for a removal
 * @param removeDefine CQL define listing relative references (MedicationRequest/123) to delete; null for a creation
 * @param recommended whether the suggestion is the recommended one ({@code isRecommended})
 */
public record SuggestionRule(CardTemplate label, String condition, ActivityDefinition create, String removeDefine,
                             boolean recommended) {

    public Set<String> defines() {
        Set<String> all = new LinkedHashSet<>(label.placeholders());
        if (condition != null) {
            all.add(condition);
        }
        if (removeDefine != null) {
            all.add(removeDefine);
        }
        return all;
    }
}
