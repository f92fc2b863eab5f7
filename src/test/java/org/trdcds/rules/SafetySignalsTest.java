package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdcds.testing.Cql;
import org.trdcds.testing.PatientFixture;

/** SUI-1 (item 9 >= 1 of the most recent answer) and BIP-1 (active bipolar disorder). */
class SafetySignalsTest {

    static final String LIBRARY = "SafetySignals";

    @ParameterizedTest(name = "item 9 = {0}: signal {1}")
    @CsvSource({"0, false", "1, true", "3, true"})
    void item9OfOneOrMoreIsASuicideRiskSignal(int item9, boolean signal) {
        PatientFixture patient = PatientFixture.patient().item9(daysAgo(2), item9);
        assertThat(Cql.value(LIBRARY, "Has Suicide Risk Signal?", patient)).isEqualTo(signal);
    }

    @Test
    void theMostRecentAnswerDecides() {
        assertThat(Cql.value(LIBRARY, "Has Suicide Risk Signal?",
                PatientFixture.patient().item9(daysAgo(30), 2).item9(daysAgo(1), 0))).isEqualTo(false);
        assertThat(Cql.value(LIBRARY, "Has Suicide Risk Signal?",
                PatientFixture.patient().item9(daysAgo(30), 0).item9(daysAgo(1), 1))).isEqualTo(true);
    }

    /**
     * Two item-9 answers on the latest day, an Observation and a questionnaire: a 1 beside a 0 is a signal,
     * whichever of the two it is (the answers of a day come highest last, whatever the order of the data).
     */
    @ParameterizedTest(name = "Observation {0}, questionnaire {1}")
    @CsvSource({"1, 0", "0, 1"})
    void onTheLatestDayAnItem9OfOneBesideAZeroIsASignal(int observed, int answered) {
        PatientFixture patient = PatientFixture.patient()
                .item9(daysAgo(1), observed)
                .phq9Questionnaire(daysAgo(1), 0, 0, 0, 0, 0, 0, 0, 0, answered);
        assertThat(Cql.value(LIBRARY, "Has Suicide Risk Signal?", patient)).isEqualTo(true);
        assertThat(Cql.map(Cql.value(LIBRARY, "Latest Item 9 Answer", patient))).containsEntry("score", 1);
    }

    @Test
    void item9IsReadFromAQuestionnaireToo() {
        PatientFixture patient = PatientFixture.patient()
                .item9(daysAgo(30), 0)
                .phq9Questionnaire(daysAgo(0), 1, 1, 1, 1, 1, 1, 1, 1, 2);
        assertThat(Cql.value(LIBRARY, "Has Suicide Risk Signal?", patient)).isEqualTo(true);
        assertThat(Cql.map(Cql.value(LIBRARY, "Latest Item 9 Answer", patient)))
                .containsEntry("score", 2).containsEntry("date", PatientFixture.TODAY);
    }

    @Test
    void enteredInErrorAnswersAreIgnored() {
        PatientFixture patient = PatientFixture.patient()
                .item9(daysAgo(30), 0)
                .observation(PatientFixture.LOINC, "44260-8", daysAgo(1), 3, "entered-in-error");
        assertThat(Cql.value(LIBRARY, "Has Suicide Risk Signal?", patient)).isEqualTo(false);
    }

    @Test
    void activeBipolarDisorderClosesThePathwayResolvedDoesNot() {
        assertThat(Cql.value(LIBRARY, "Has Bipolar Disorder?",
                PatientFixture.patient().condition("F31.81", daysAgo(400)))).isEqualTo(true);
        assertThat(Cql.value(LIBRARY, "Has Bipolar Disorder?", PatientFixture.patient()
                .condition(PatientFixture.ICD10, "F31.81", daysAgo(400), "resolved"))).isEqualTo(false);
        assertThat(Cql.value(LIBRARY, "Has Bipolar Disorder?",
                PatientFixture.patient().condition("F33.1", daysAgo(400)))).isEqualTo(false);
    }
}
