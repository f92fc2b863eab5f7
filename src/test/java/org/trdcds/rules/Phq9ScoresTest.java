package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.trdcds.testing.Cql;
import org.trdcds.testing.PatientFixture;

/** Contract "Data the service must understand": PHQ-9 totals from Observations and QuestionnaireResponses. */
class Phq9ScoresTest {

    static final String LIBRARY = "PHQ9Scores";

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> totals(PatientFixture patient, org.hl7.fhir.r4.model.Resource... extra) {
        return (List<Map<String, Object>>) (List<?>) Cql.list(
                Cql.evaluate(LIBRARY, patient.dataWith(extra), "PHQ-9 Totals").value("PHQ-9 Totals"));
    }

    @Test
    void aQuestionnaireTotalIsTheSumOfItsNineLoincAnswers() {
        PatientFixture patient = PatientFixture.patient().phq9Questionnaire(daysAgo(3), 3, 3, 2, 2, 1, 1, 0, 0, 1);
        assertThat(totals(patient)).containsExactly(Map.of("date", daysAgo(3), "total", 13));
    }

    @Test
    void noTotalIsComputedUnlessAllNineItemsAreAnswered() {
        PatientFixture patient = PatientFixture.patient().phq9Questionnaire(daysAgo(3), 3, 3, 2, 2, 1, 1, 0, 0);
        assertThat(totals(patient)).isEmpty();
    }

    @Test
    void itemsAreRecognisedByLinkIdWithALeadingSlashAndAnswersAsIntegersOrOrdinalValues() {
        PatientFixture patient = PatientFixture.patient();
        QuestionnaireResponse response = patient.questionnaire(daysAgo(1), 1, 1, 1, 1, 1, 1, 1, 1, 1);
        response.setQuestionnaire(null); // identified by its items only
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : response.getItem()) {
            item.setLinkId("/" + item.getLinkId());
        }
        response.getItem().get(0).getAnswerFirstRep().setValue(new IntegerType(3));
        Coding ordinal = new Coding("http://example.org/local-answers", "often", "Often");
        ordinal.addExtension(new Extension("http://hl7.org/fhir/StructureDefinition/ordinalValue", new DecimalType(2)));
        response.getItem().get(1).getAnswerFirstRep().setValue(ordinal);
        assertThat(totals(patient, response)).containsExactly(Map.of("date", daysAgo(1), "total", 12));
    }

    @Test
    void anExplicitTotalItemWins() {
        PatientFixture patient = PatientFixture.patient();
        QuestionnaireResponse response = patient.questionnaire(daysAgo(1), 1, 1);
        response.addItem().setLinkId("44261-6").addAnswer().setValue(new IntegerType(17));
        assertThat(totals(patient, response)).containsExactly(Map.of("date", daysAgo(1), "total", 17));
    }

    @Test
    void aQuestionnaireInProgressIsNotAScore() {
        PatientFixture patient = PatientFixture.patient();
        QuestionnaireResponse response = patient.questionnaire(daysAgo(1), 1, 1, 1, 1, 1, 1, 1, 1, 1);
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
        assertThat(totals(patient, response)).isEmpty();
    }

    @Test
    void observationTotalsAcceptQuantitiesAndIgnoreEnteredInErrorAndCancelled() {
        PatientFixture patient = PatientFixture.patient()
                .phq9(daysAgo(10), 15)
                .observation(PatientFixture.LOINC, "44261-6", daysAgo(5), 27, "entered-in-error")
                .observation(PatientFixture.LOINC, "44261-6", daysAgo(4), 26, "cancelled");
        Observation quantity = new Observation();
        quantity.setId("q1");
        quantity.setStatus(Observation.ObservationStatus.FINAL);
        quantity.getCode().addCoding().setSystem(PatientFixture.LOINC).setCode("44261-6");
        quantity.setEffective(new org.hl7.fhir.r4.model.DateTimeType(PatientFixture.date(daysAgo(2))));
        quantity.setValue(new Quantity().setValue(11).setUnit("{score}"));
        assertThat(totals(patient, quantity)).containsExactly(
                Map.of("date", daysAgo(10), "total", 15), Map.of("date", daysAgo(2), "total", 11));
    }

    /**
     * On a day with several totals the highest comes last, whatever order the EHR sends them in, so the latest
     * total is the day's highest. A total recorded twice (the questionnaire and the Observation derived from it,
     * or the same Observation sent twice) is kept twice: no reader of the totals is changed by a repeat, and
     * removing repeats costs time growing with the square of the totals (issue 7).
     */
    @Test
    void aDaysTotalsComeHighestLastWhateverTheirOrderAndRepeatsStay() {
        PatientFixture observationsFirst = PatientFixture.patient()
                .phq9(daysAgo(20), 18)
                .phq9(daysAgo(20), 18)
                .phq9Questionnaire(daysAgo(20), 2, 2, 2, 2, 2, 2, 2, 2, 2)
                .phq9(daysAgo(6), 14)
                .phq9Questionnaire(daysAgo(6), 1, 1, 1, 1, 1, 1, 1, 1, 1)
                .phq9Questionnaire(daysAgo(6), 2, 2, 2, 1, 1, 1, 1, 1, 1);
        PatientFixture reversed = PatientFixture.patient()
                .phq9Questionnaire(daysAgo(6), 2, 2, 2, 1, 1, 1, 1, 1, 1)
                .phq9Questionnaire(daysAgo(6), 1, 1, 1, 1, 1, 1, 1, 1, 1)
                .phq9(daysAgo(6), 14)
                .phq9Questionnaire(daysAgo(20), 2, 2, 2, 2, 2, 2, 2, 2, 2)
                .phq9(daysAgo(20), 18)
                .phq9(daysAgo(20), 18);
        List<Map<String, Object>> expected = List.of(
                Map.of("date", daysAgo(20), "total", 18),
                Map.of("date", daysAgo(20), "total", 18),
                Map.of("date", daysAgo(20), "total", 18),
                Map.of("date", daysAgo(6), "total", 9),
                Map.of("date", daysAgo(6), "total", 12),
                Map.of("date", daysAgo(6), "total", 14));
        assertThat(totals(observationsFirst)).containsExactlyElementsOf(expected);
        assertThat(totals(reversed)).containsExactlyElementsOf(expected);
        for (PatientFixture patient : List.of(observationsFirst, reversed)) {
            assertThat(Cql.map(Cql.value(LIBRARY, "Latest PHQ-9", patient)))
                    .containsEntry("date", daysAgo(6)).containsEntry("total", 14);
        }
    }

    /** The other scales' totals are ordered the same way: by date, and a day's highest last. */
    @Test
    void otherScalesTotalsComeByDateAndADaysHighestLast() {
        PatientFixture patient = PatientFixture.patient()
                .scale("hamd-17-total", daysAgo(3), 20)
                .scale("hamd-17-total", daysAgo(9), 25)
                .scale("hamd-17-total", daysAgo(3), 12)
                .scale("hamd-17-total", daysAgo(9), 22)
                .scale("madrs-total", daysAgo(3), 30); // another scale
        assertThat(Cql.list(Cql.value(LIBRARY, "HAM-D Totals", patient))).containsExactly(
                Map.of("date", daysAgo(9), "total", 22),
                Map.of("date", daysAgo(9), "total", 25),
                Map.of("date", daysAgo(3), "total", 12),
                Map.of("date", daysAgo(3), "total", 20));
    }
}
