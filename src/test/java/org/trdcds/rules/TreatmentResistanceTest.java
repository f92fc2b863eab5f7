package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import org.junit.jupiter.api.Test;
import org.trdcds.testing.Cql;
import org.trdcds.testing.PatientFixture;

/** clinical-rules §1.3 and §0 Episodes: TRD is >= 2 failed adequate trials of distinct ingredients in the episode. */
class TreatmentResistanceTest {

    static final String LIBRARY = "TreatmentResistance";

    /** An adequate, ended trial of 80 days with a baseline and an outcome; 20 -> followUp. */
    static PatientFixture failedTrial(PatientFixture patient, String ingredient, String rxcui, double mg,
                                      int startDaysAgo, int followUp) {
        patient.takes(ingredient, rxcui, mg, daysAgo(startDaysAgo)).until(daysAgo(startDaysAgo - 80));
        return patient.phq9(daysAgo(startDaysAgo - 1), 20).phq9(daysAgo(startDaysAgo - 75), followUp);
    }

    @Test
    void twoFailedTrialsOfDistinctIngredientsAreTrd() {
        PatientFixture patient = PatientFixture.patient();
        failedTrial(patient, "citalopram", "2556", 20, 400, 18);
        failedTrial(patient, "sertraline", "36437", 100, 250, 17);
        assertThat(Cql.value(LIBRARY, "Failed Adequate Trial Count", patient)).isEqualTo(2);
        assertThat(Cql.value(LIBRARY, "Has TRD?", patient)).isEqualTo(true);
        assertThat(Cql.list(Cql.value(LIBRARY, "Failed Trials Evidence", patient))).containsExactly(
                "citalopram (SSRI) 20 mg/day from 2025-04-27 to 2025-07-16: 80 days, 80 at or above the adequate 20 mg/day - nonresponse (PHQ-9 20 to 18, 10% better)",
                "sertraline (SSRI) 100 mg/day from 2025-09-24 to 2025-12-13: 80 days, 80 at or above the adequate 50 mg/day - nonresponse (PHQ-9 20 to 17, 15% better)");
    }

    @Test
    void oneFailedTrialIsNotTrd() {
        PatientFixture patient = failedTrial(PatientFixture.patient(), "citalopram", "2556", 20, 400, 18);
        assertThat(Cql.value(LIBRARY, "Has TRD?", patient)).isEqualTo(false);
    }

    @Test
    void partialResponseCountsAsFailure() {
        PatientFixture patient = PatientFixture.patient();
        failedTrial(patient, "citalopram", "2556", 20, 400, 14); // 30%: partial
        failedTrial(patient, "sertraline", "36437", 100, 250, 15); // exactly 25%: partial
        assertThat(Cql.value(LIBRARY, "Has TRD?", patient)).isEqualTo(true);
    }

    @Test
    void aResponseDoesNotCount() {
        PatientFixture patient = PatientFixture.patient();
        failedTrial(patient, "citalopram", "2556", 20, 400, 18);
        failedTrial(patient, "sertraline", "36437", 100, 250, 10); // exactly 50%: response
        assertThat(Cql.value(LIBRARY, "Failed Adequate Trial Count", patient)).isEqualTo(1);
    }

    @Test
    void reTrialsOfTheSameIngredientCountOnce() {
        PatientFixture patient = PatientFixture.patient();
        failedTrial(patient, "sertraline", "36437", 100, 400, 18);
        failedTrial(patient, "sertraline", "36437", 150, 250, 18);
        assertThat(Cql.value(LIBRARY, "Failed Adequate Trial Count", patient)).isEqualTo(1);
    }

    @Test
    void aTrialStoppedForIntoleranceDoesNotCount() {
        PatientFixture patient = PatientFixture.patient();
        failedTrial(patient, "citalopram", "2556", 20, 400, 18);
        failedTrial(patient, "sertraline", "36437", 100, 250, 18).intoleranceRecord("36437", "sertraline");
        assertThat(Cql.value(LIBRARY, "Failed Adequate Trial Count", patient)).isEqualTo(1);
    }

    @Test
    void anInadequateTrialDoesNotCount() {
        PatientFixture patient = PatientFixture.patient();
        failedTrial(patient, "citalopram", "2556", 20, 400, 18);
        failedTrial(patient, "sertraline", "36437", 25, 250, 18); // below the 50 mg minimum
        assertThat(Cql.value(LIBRARY, "Failed Adequate Trial Count", patient)).isEqualTo(1);
    }

    @Test
    void trialsBeforeTheOnsetOfTheCurrentMddEpisodeDoNotCount() {
        PatientFixture patient = PatientFixture.patient();
        failedTrial(patient, "citalopram", "2556", 20, 400, 18);      // ends 320 days ago
        failedTrial(patient, "sertraline", "36437", 100, 250, 18);    // ends 170 days ago
        patient.condition("F33.1", daysAgo(300));
        assertThat(Cql.value(LIBRARY, "Current Episode Start", patient)).isEqualTo(daysAgo(300));
        assertThat(Cql.value(LIBRARY, "Failed Adequate Trial Count", patient)).isEqualTo(1);
    }

    @Test
    void twoScoresBelowFiveFiftySixDaysApartEndTheEpisode() {
        // remission after the first failed trial: it belongs to the previous episode
        PatientFixture remitted = trialsAroundEuthymia(56);
        assertThat(Cql.value(LIBRARY, "Current Episode Start", remitted)).isEqualTo(daysAgo(280));
        assertThat(Cql.value(LIBRARY, "Failed Adequate Trial Count", remitted)).isEqualTo(1);
        // 55 days apart is not a remission: both trials are in one episode
        PatientFixture notRemitted = trialsAroundEuthymia(55);
        assertThat(Cql.value(LIBRARY, "Current Episode Start", notRemitted)).isNull();
        assertThat(Cql.value(LIBRARY, "Failed Adequate Trial Count", notRemitted)).isEqualTo(2);
    }

    /**
     * §0 Episodes: a run of PHQ-9 totals below 5 ends at a total of 5 or more. Of several remissions the latest
     * counts; on a day with a low and a higher total, the low one still belongs to the run before that day.
     */
    @Test
    void aTotalOfFiveOrMoreEndsTheRunAndTheLatestRemissionCounts() {
        // 300 and 240 days ago are 60 days apart, but the 8 between them ends the first run
        PatientFixture broken = PatientFixture.patient().phq9(daysAgo(300), 3).phq9(daysAgo(260), 8).phq9(daysAgo(240), 2);
        assertThat(Cql.value(LIBRARY, "Last Remission", broken)).isNull();
        // a run from 400 to 300 days ago: remissions 340 and 300 days ago; the latest counts
        PatientFixture twoInOneRun = PatientFixture.patient().phq9(daysAgo(400), 2).phq9(daysAgo(340), 1)
                .phq9(daysAgo(300), 3).phq9(daysAgo(260), 8).phq9(daysAgo(240), 2);
        assertThat(Cql.value(LIBRARY, "Last Remission", twoInOneRun)).isEqualTo(daysAgo(300));
        // 60 days after the run's start, a 12 and then a 1 on one day: a remission on that day, and the run ends
        PatientFixture sameDay = PatientFixture.patient().phq9(daysAgo(400), 2).phq9(daysAgo(340), 12).phq9(daysAgo(340), 1)
                .phq9(daysAgo(280), 3);
        assertThat(Cql.value(LIBRARY, "Last Remission", sameDay)).isEqualTo(daysAgo(340));
        assertThat(Cql.value(LIBRARY, "Current Episode Start", sameDay)).isEqualTo(daysAgo(339));
    }

    private static PatientFixture trialsAroundEuthymia(int daysApart) {
        PatientFixture patient = PatientFixture.patient();
        failedTrial(patient, "citalopram", "2556", 20, 600, 18);   // ends 520 days ago
        patient.phq9(daysAgo(400), 3).phq9(daysAgo(400 - daysApart), 4);
        patient.phq9(daysAgo(280), 16);                            // relapse
        failedTrial(patient, "sertraline", "36437", 100, 250, 18);
        return patient;
    }
}
