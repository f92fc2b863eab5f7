package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trdcds.patientdata.PatientData;
import org.trdcds.testing.Cql;
import org.trdcds.testing.PatientFixture;

/**
 * Contract "The questionnaire hook": a QuestionnaireResponse that is not a PHQ-9 gets no cards. The service's
 * trigger condition decides that over the hook's questionnaire alone, before any data is gathered ("Is The
 * Completed Questionnaire A PHQ-9?" in cql/TRDPatientView.cql); the scoring decides it for every questionnaire
 * in the patient's history ("PHQ-9 Questionnaire Responses" in cql/PHQ9Scores.cql). Both must agree, or a
 * questionnaire passes the trigger and is then not scored (cards from history alone), or is scored in history
 * but turned away when it is the one just completed. {@code ContentCatalogTest} checks that the service names
 * this define as its trigger condition.
 */
class QuestionnaireTriggerTest {

    static final String TRIGGER = "Is The Completed Questionnaire A PHQ-9?";

    static Stream<Arguments> questionnaires() {
        return Stream.of(
                Arguments.of("named by the LOINC panel canonical", true, change(r -> { })),
                Arguments.of("named phq9 in a local canonical", true,
                        change(r -> r.setQuestionnaire("https://forms.example.org/Questionnaire/PHQ9|2.0"))),
                Arguments.of("named PHQ-9 in a local canonical", true,
                        change(r -> r.setQuestionnaire("https://forms.example.org/Questionnaire/my-PHQ-9"))),
                Arguments.of("no canonical, items by linkId", true, change(r -> r.setQuestionnaire(null))),
                Arguments.of("no canonical, items by linkId with a leading slash", true, change(r -> {
                    r.setQuestionnaire(null);
                    r.getItem().forEach(i -> i.setLinkId("/" + i.getLinkId()));
                })),
                Arguments.of("no canonical, only the total item", true, change(r -> {
                    r.setQuestionnaire(null);
                    r.getItem().clear();
                    r.addItem().setLinkId("44261-6");
                })),
                Arguments.of("local canonical, items by LOINC definition", true, change(r -> {
                    r.setQuestionnaire("https://forms.example.org/Questionnaire/mood");
                    r.getItem().forEach(i -> i.setDefinition("http://loinc.org/q/" + i.getLinkId()).setLinkId("q" + i.getLinkId()));
                })),
                Arguments.of("local canonical, items one group down", true, change(r -> {
                    r.setQuestionnaire("https://forms.example.org/Questionnaire/mood");
                    QuestionnaireResponseItemComponent group = new QuestionnaireResponseItemComponent().setLinkId("page1");
                    r.getItem().forEach(group::addItem);
                    r.getItem().clear();
                    r.addItem(group);
                })),
                Arguments.of("local canonical, items two groups down (not read)", false, change(r -> {
                    r.setQuestionnaire("https://forms.example.org/Questionnaire/mood");
                    QuestionnaireResponseItemComponent inner = new QuestionnaireResponseItemComponent().setLinkId("section");
                    r.getItem().forEach(inner::addItem);
                    r.getItem().clear();
                    r.addItem().setLinkId("page1").addItem(inner);
                })),
                Arguments.of("local canonical, a group named by the panel code around local items", false, change(r -> {
                    r.setQuestionnaire("https://forms.example.org/Questionnaire/mood");
                    QuestionnaireResponseItemComponent panel = new QuestionnaireResponseItemComponent().setLinkId("44249-1");
                    r.getItem().forEach(i -> panel.addItem(i.copy().setLinkId("q" + i.getLinkId())));
                    r.getItem().clear();
                    r.addItem(panel);
                })),
                Arguments.of("a GAD-7 by canonical and LOINC items", false, change(r -> {
                    r.setQuestionnaire("http://loinc.org/q/69737-5");
                    r.getItem().clear();
                    r.addItem().setLinkId("69725-0");
                    r.addItem().setLinkId("68509-9");
                })),
                Arguments.of("a PHQ-9 code in a definition that is not LOINC's", false, change(r -> {
                    r.setQuestionnaire("https://forms.example.org/Questionnaire/mood");
                    r.getItem().forEach(i -> i.setDefinition("https://forms.example.org/" + i.getLinkId()).setLinkId("q" + i.getLinkId()));
                })));
    }

    private static Consumer<QuestionnaireResponse> change(Consumer<QuestionnaireResponse> change) {
        return change;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("questionnaires")
    void theTriggerAndTheScoringAgreeOnWhatIsAPhq9(String description, boolean phq9, Consumer<QuestionnaireResponse> change) {
        PatientFixture patient = PatientFixture.patient();
        QuestionnaireResponse response = patient.questionnaire(daysAgo(1), 1, 1, 1, 1, 1, 1, 1, 1, 1);
        change.accept(response);
        PatientData questionnaireAlone = PatientData.forPatient(patient.id()).add(response).build();

        Object triggered = Cql.evaluate("TRDPatientView", questionnaireAlone, TRIGGER).value(TRIGGER);
        Object scored = Cql.evaluate("PHQ9Scores", patient.dataWith(response), "PHQ-9 Questionnaire Responses")
                .value("PHQ-9 Questionnaire Responses");

        assertThat(triggered).as("the trigger condition").isEqualTo(phq9);
        assertThat(Cql.list(scored)).as("the CQL's PHQ-9 questionnaires").hasSize(phq9 ? 1 : 0);
    }
}
