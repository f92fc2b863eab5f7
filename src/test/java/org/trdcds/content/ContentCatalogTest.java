package org.trdcds.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Invariant "No hidden failure": a PlanDefinition the server cannot run as a service stops the start-up with
 * its reason (TRD-E004). Each test alters one shipped PlanDefinition and builds the catalog again.
 */
class ContentCatalogTest {

    private static final List<Resource> SHIPPED = ContentCatalog.readAll(FhirContext.forR4Cached().newJsonParser());
    private static final String FIRST_PATIENT_VIEW_ACTION = SHIPPED.stream()
            .filter(r -> r instanceof PlanDefinition p && p.getIdElement().getIdPart().equals("trd-patient-view"))
            .map(r -> ((PlanDefinition) r).getActionFirstRep().getId()).findFirst().orElseThrow();

    /** The shipped resources, with the named PlanDefinition replaced by an altered copy. */
    private static List<Resource> shippedWith(String planId, Consumer<PlanDefinition> change) {
        List<Resource> resources = new ArrayList<>();
        for (Resource resource : SHIPPED) {
            if (resource instanceof PlanDefinition plan && plan.getIdElement().getIdPart().equals(planId)) {
                PlanDefinition altered = plan.copy();
                change.accept(altered);
                resources.add(altered);
            } else {
                resources.add(resource);
            }
        }
        return resources;
    }

    @Test
    void theShippedPlanDefinitionsAreFourServicesAndOnlyTheQuestionnaireServiceHasATriggerCondition() {
        assertThat(new ContentCatalog(SHIPPED).services())
                .extracting(ServiceDefinition::id, ServiceDefinition::hook, ServiceDefinition::triggerCondition)
                .containsExactlyInAnyOrder(
                        tuple("trd-order-select", "order-select", null),
                        tuple("trd-order-sign", "order-sign", null),
                        tuple("trd-patient-view", "patient-view", null),
                        tuple("trd-questionnaire-completed", "org.trd-cds.questionnaire-completed",
                                "Is The Completed Questionnaire A PHQ-9?"));
    }

    @Test
    void actionsThatDisagreeOnTheTriggerConditionStopTheStartUp() {
        List<Resource> resources = shippedWith("trd-questionnaire-completed",
                plan -> plan.getAction().get(2).getTriggerFirstRep().setCondition(null));
        assertThatThrownBy(() -> new ContentCatalog(resources))
                .isInstanceOf(ContentCatalog.ContentException.class)
                .hasMessage("TRD-E004 PlanDefinition trd-questionnaire-completed mixes triggers: "
                        + "org.trd-cds.questionnaire-completed (Is The Completed Questionnaire A PHQ-9?) and "
                        + "org.trd-cds.questionnaire-completed (null)");
    }

    @Test
    void actionsThatDisagreeOnTheHookStopTheStartUp() {
        List<Resource> resources = shippedWith("trd-patient-view",
                plan -> plan.getAction().get(1).getTriggerFirstRep().setName("order-sign"));
        assertThatThrownBy(() -> new ContentCatalog(resources))
                .hasMessage("TRD-E004 PlanDefinition trd-patient-view mixes triggers: patient-view (null) and order-sign (null)");
    }

    @Test
    void aTriggerConditionThatIsNotACqlDefineStopsTheStartUp() {
        List<Resource> resources = shippedWith("trd-questionnaire-completed",
                plan -> plan.getAction().forEach(a -> a.getTriggerFirstRep().getCondition().setLanguage("text/fhirpath")));
        assertThatThrownBy(() -> new ContentCatalog(resources))
                .hasMessage("TRD-E004 PlanDefinition trd-questionnaire-completed action suicide-risk has a trigger condition that is not a text/cql define");
    }

    @Test
    void anActionWithoutANamedEventTriggerStopsTheStartUp() {
        List<Resource> resources = shippedWith("trd-order-sign", plan -> plan.getAction().get(0).getTrigger().clear());
        assertThatThrownBy(() -> new ContentCatalog(resources))
                .hasMessageStartingWith("TRD-E004 PlanDefinition trd-order-sign action ")
                .hasMessageEndingWith(" has no named-event trigger");
    }

    @Test
    void anActionWithoutOneCqlApplicabilityConditionStopsTheStartUp() {
        List<Resource> resources = shippedWith("trd-patient-view", plan -> plan.getAction().get(0).getCondition().clear());
        assertThatThrownBy(() -> new ContentCatalog(resources))
                .hasMessage("TRD-E004 PlanDefinition trd-patient-view action "
                        + FIRST_PATIENT_VIEW_ACTION + " needs exactly one text/cql applicability condition");
    }

    @Test
    void aLibraryThatIsNotShippedStopsTheStartUp() {
        List<Resource> resources = shippedWith("trd-order-select",
                plan -> plan.getLibrary().get(0).setValue("http://trd-cds.org/fhir/Library/Missing|0.1.0"));
        assertThatThrownBy(() -> new ContentCatalog(resources))
                .hasMessage("TRD-E004 PlanDefinition trd-order-select names Library http://trd-cds.org/fhir/Library/Missing|0.1.0, which is not shipped");
    }
}
