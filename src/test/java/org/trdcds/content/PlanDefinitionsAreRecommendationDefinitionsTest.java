package org.trdcds.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.ParameterDefinition;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.TriggerDefinition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every PlanDefinition has the CPG recommendation-definition shape, as far as R4 core goes without the
 * CPG profiles (which we do not ship, so do not claim): a shareable eca-rule with one Library, and
 * actions that each fire on a named event (the hook), apply when one {@code text/cql} condition naming a
 * Boolean define of that Library is true, carry one card-topic code, a priority and their sources, and
 * only use {@code {{Define}}} placeholders that the Library publishes.
 */
class PlanDefinitionsAreRecommendationDefinitionsTest {

    static List<Path> planDefinitions() {
        List<Path> plans = PublishedArtifacts.filesUnder("plandefinition");
        assertThat(plans).isNotEmpty();
        return plans;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("planDefinitions")
    void isAShareableEcaRuleWithOneShippedLibrary(Path file) {
        PlanDefinition plan = PublishedArtifacts.read(file, PlanDefinition.class);
        assertThat(plan.getUrl()).isEqualTo("http://trd-cds.org/fhir/PlanDefinition/" + plan.getIdElement().getIdPart());
        assertThat(plan.getVersion()).isNotBlank();
        assertThat(plan.getName()).isNotBlank();
        assertThat(plan.getTitle()).isNotBlank();
        assertThat(plan.getDescription()).isNotBlank();
        assertThat(plan.getPublisher()).isNotBlank();
        assertThat(plan.hasStatus()).isTrue();
        assertThat(plan.hasExperimental()).isTrue();
        assertThat(plan.getMeta().getProfile()).as("no profile claimed that is not shipped").isEmpty();
        assertThat(plan.getType().getCoding()).anySatisfy(coding -> {
            assertThat(coding.getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/plan-definition-type");
            assertThat(coding.getCode()).isEqualTo("eca-rule");
        });
        library(plan);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("planDefinitions")
    void everyActionIsARecommendationItsLibraryCanDecide(Path file) {
        PlanDefinition plan = PublishedArtifacts.read(file, PlanDefinition.class);
        Library library = library(plan);
        Map<String, String> outs = library.getParameter().stream()
                .filter(p -> p.getUse() == ParameterDefinition.ParameterUse.OUT)
                .collect(Collectors.toMap(ParameterDefinition::getName, ParameterDefinition::getType));
        CodeSystem topics = PublishedArtifacts.codeSystem(ContentCatalog.CARD_TOPIC_SYSTEM);
        Set<String> hooks = new HashSet<>();
        Set<String> ids = new HashSet<>();
        assertThat(plan.getAction()).isNotEmpty();
        for (PlanDefinitionActionComponent action : plan.getAction()) {
            String where = plan.getIdElement().getIdPart() + " action " + action.getId();
            assertThat(ids.add(action.getId())).as(where + ": unique action id").isTrue();
            assertThat(action.getTitle()).as(where + ": title (card summary)").isNotBlank();
            assertThat(action.getDescription()).as(where + ": description (card detail)").isNotBlank();
            assertThat(action.hasPriority()).as(where + ": priority (card indicator)").isTrue();

            List<Coding> topicCodes = action.getCode().stream().flatMap(c -> c.getCoding().stream())
                    .filter(c -> ContentCatalog.CARD_TOPIC_SYSTEM.equals(c.getSystem())).toList();
            assertThat(topicCodes).as(where + ": exactly one card topic").hasSize(1);
            assertThat(topics.getConcept()).as(where + ": topic in the card-topic CodeSystem")
                    .anySatisfy(concept -> assertThat(concept.getCode()).isEqualTo(topicCodes.get(0).getCode()));

            assertThat(action.getTrigger()).as(where + ": a named-event trigger").anySatisfy(trigger -> {
                assertThat(trigger.getType()).isEqualTo(TriggerDefinition.TriggerType.NAMEDEVENT);
                assertThat(trigger.getName()).isNotBlank();
                hooks.add(trigger.getName());
            });

            assertThat(action.getCondition()).as(where + ": one applicability condition").hasSize(1);
            PlanDefinition.PlanDefinitionActionConditionComponent condition = action.getConditionFirstRep();
            assertThat(condition.getKind()).isEqualTo(PlanDefinition.ActionConditionKind.APPLICABILITY);
            assertThat(condition.getExpression().getLanguage()).as(where + ": stack-notes trap 10").isEqualTo("text/cql");
            assertThat(outs.get(condition.getExpression().getExpression()))
                    .as(where + ": the condition names a Boolean define of " + library.getName())
                    .isEqualTo("boolean");

            Set<String> placeholders = CardTemplate.parse(action.getTitle()).placeholders();
            placeholders.addAll(CardTemplate.parse(action.getDescription()).placeholders());
            assertThat(outs.keySet()).as(where + ": every {{placeholder}} is a define of " + library.getName())
                    .containsAll(placeholders);

            assertThat(action.getDocumentation()).as(where + ": sources").isNotEmpty()
                    .allSatisfy(source -> assertThat(source.getDisplay()).isNotBlank());
        }
        assertThat(hooks).as("one PlanDefinition is one service: one hook").hasSize(1);
    }

    private static Library library(PlanDefinition plan) {
        assertThat(plan.getLibrary()).as("one Library").hasSize(1);
        String[] canonical = plan.getLibrary().get(0).getValue().split("\\|", 2);
        Library library = PublishedArtifacts.libraries().get(canonical[0]);
        assertThat(library).as(plan.getLibrary().get(0).getValue() + " is shipped").isNotNull();
        if (canonical.length == 2) {
            assertThat(library.getVersion()).as("the version the PlanDefinition names").isEqualTo(canonical[1]);
        }
        return library;
    }
}
