package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdcds.testing.Cql;
import org.trdcds.testing.PatientFixture;

/** clinical-rules §1.1: remission first, then >= 50% response, 25-49% partial, < 25% nonresponse; §0 baseline >= 10. */
class ResponseClassificationTest {

    static final String LIBRARY = "ResponseClassification";

    /** Sertraline 100 mg for 100 days; baseline 2 days after the start; follow-up 5 days ago. */
    static PatientFixture sertralineTrial(int baseline, int followUp) {
        return PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(100)).and()
                .phq9(daysAgo(98), baseline)
                .phq9(daysAgo(5), followUp);
    }

    @ParameterizedTest(name = "PHQ-9 {0} -> {1}: {2}")
    @CsvSource({
        "20, 15, partial-response",   // exactly 25% is partial
        "20, 16, nonresponse",        // 20% is below 25%
        "12, 9, partial-response",    // exactly 25% again (3/12)
        "20, 10, response",           // exactly 50% is response
        "20, 11, partial-response",   // 45%
        "14, 7, response",            // exactly 50% (7/14)
        "15, 18, nonresponse",        // worse counts as nonresponse
        "20, 4, remission",           // PHQ-9 below 5: remission before the percentage
        "20, 5, response",            // 5 is not remission; 75% is response
        "9, 8, baseline-too-low",     // baseline below 10: no percentage (§0)
        "10, 8, nonresponse"          // baseline of exactly 10 is judged: 20%
    })
    void classifiesTheCurrentTrialAtTheBoundaries(int baseline, int followUp, String category) {
        assertThat(Cql.value(LIBRARY, "Current Trial Category", sertralineTrial(baseline, followUp))).isEqualTo(category);
    }

    @Test
    void reportsTheImprovementAndTheScoresItUsed() {
        Map<String, Object> trial = Cql.map(Cql.value(LIBRARY, "Current Trial", sertralineTrial(20, 15)));
        assertThat((BigDecimal) trial.get("improvementPercent")).isEqualByComparingTo("25");
        Map<String, Object> comparison = Cql.map(trial.get("comparison"));
        assertThat(comparison.get("scale")).isEqualTo("PHQ-9");
        assertThat(Cql.map(comparison.get("baseline"))).containsEntry("total", 20).containsEntry("date", daysAgo(98));
        assertThat(Cql.map(comparison.get("outcome"))).containsEntry("total", 15).containsEntry("date", daysAgo(5));
        assertThat(Cql.list(Cql.value(LIBRARY, "Current Trial Evidence", sertralineTrial(20, 15)))).containsExactly(
                "Current trial: sertraline (SSRI) 100 mg/day since 2026-02-21, ongoing: 100 days, 100 at or above the adequate 50 mg/day",
                "Baseline PHQ-9: 20 on 2026-02-23",
                "Follow-up PHQ-9: 15 on 2026-05-27",
                "Improvement: 25% from baseline");
    }

    @Test
    void baselineWindowRunsFrom30DaysBeforeTo7DaysAfterTheStart() {
        // §1.2: [start - 30 d, start + 7 d], both ends included
        assertThat(category(baselineAt(130))).isEqualTo("nonresponse");   // start - 30
        assertThat(category(baselineAt(131))).isEqualTo("unclassifiable"); // start - 31
        assertThat(category(baselineAt(93))).isEqualTo("nonresponse");    // start + 7
        assertThat(category(baselineAt(92))).isEqualTo("unclassifiable"); // start + 8
    }

    private static PatientFixture baselineAt(int daysAgo) {
        return PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(100)).and()
                .phq9(daysAgo(daysAgo), 20)
                .phq9(daysAgo(5), 18);
    }

    @Test
    void theLatestScoreInTheWindowIsTheBaseline() {
        PatientFixture patient = PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(100)).and()
                .phq9(daysAgo(120), 10)
                .phq9(daysAgo(101), 20)
                .phq9(daysAgo(5), 15);
        assertThat(category(patient)).isEqualTo("partial-response");
    }

    @Test
    void outcomeMustFallAfterTheTrialBecameAdequate() {
        // adequate from day 42 of the trial (58 days ago); a score 59 days ago is not an outcome
        PatientFixture patient = PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(100)).and()
                .phq9(daysAgo(99), 20)
                .phq9(daysAgo(59), 18);
        assertThat(category(patient)).isEqualTo("unclassifiable");
        patient.phq9(daysAgo(58), 18);
        assertThat(category(patient)).isEqualTo("nonresponse");
    }

    @Test
    void outcomeWindowOfAnEndedTrialClosesFourteenDaysAfterItsEnd() {
        assertThat(category(endedTrialWithOutcome(14))).isEqualTo("nonresponse");
        assertThat(category(endedTrialWithOutcome(15))).isEqualTo("unclassifiable");
    }

    private static PatientFixture endedTrialWithOutcome(int daysAfterEnd) {
        return PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(100)).until(daysAgo(20)).and()
                .phq9(daysAgo(99), 20)
                .phq9(daysAgo(20 - daysAfterEnd), 18);
    }

    @Test
    void theCurrentTrialIsOngoingOrEndedWithinThirtyDays() {
        assertThat(Cql.value(LIBRARY, "Current Trial", endedDaysAgo(30))).isNotNull();
        assertThat(Cql.value(LIBRARY, "Current Trial", endedDaysAgo(31))).isNull();
    }

    private static PatientFixture endedDaysAgo(int days) {
        return PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(150)).until(daysAgo(days)).and()
                .phq9(daysAgo(149), 20)
                .phq9(daysAgo(days), 18);
    }

    @Test
    void noAntidepressantMeansNoCurrentTrial() {
        assertThat(Cql.value(LIBRARY, "Current Trial Category", PatientFixture.patient().phq9(daysAgo(3), 22))).isNull();
    }

    @Test
    void intoleranceWinsOverTheScores() {
        PatientFixture patient = PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(100)).until(daysAgo(10)).stoppedForAdverseReaction().and()
                .phq9(daysAgo(99), 20)
                .phq9(daysAgo(12), 19);
        assertThat(category(patient)).isEqualTo("intolerance");
    }

    @Test
    void anAllergyIntoleranceRecordForTheIngredientMarksIntolerance() {
        PatientFixture patient = sertralineTrial(20, 19).intoleranceRecord("36437", "sertraline");
        assertThat(category(patient)).isEqualTo("intolerance");
    }

    // --- scale precedence (§1.1): PHQ-9 first, then HAM-D, MADRS, QIDS; never mixed ---

    @Test
    void usesHamdWhenPhq9LacksABaselineAndNeverMixesScales() {
        PatientFixture patient = PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(100)).and()
                .phq9(daysAgo(5), 20)                      // PHQ-9 follow-up only
                .scale("hamd-17-total", daysAgo(99), 24)
                .scale("hamd-17-total", daysAgo(6), 12);  // HAM-D 24 -> 12 = 50%
        Map<String, Object> trial = Cql.map(Cql.value(LIBRARY, "Current Trial", patient));
        assertThat(Cql.map(trial.get("comparison")).get("scale")).isEqualTo("HAM-D");
        assertThat(trial.get("category")).isEqualTo("response");
    }

    @ParameterizedTest(name = "{0} follow-up {1}: {2}")
    @CsvSource({
        "hamd-17-total, 7, remission",
        "hamd-17-total, 8, response",
        "madrs-total, 10, remission",     // §0: MADRS remission at most 10
        "madrs-total, 11, response",
        "qids-sr16-total, 5, remission",
        "qids-sr16-total, 6, response"
    })
    void remissionCutOffsOfTheOtherScales(String scale, int followUp, String category) {
        PatientFixture patient = PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(100)).and()
                .scale(scale, daysAgo(99), 30)
                .scale(scale, daysAgo(6), followUp);
        assertThat(category(patient)).isEqualTo(category);
    }

    private static Object category(PatientFixture patient) {
        return Cql.value(LIBRARY, "Current Trial Category", patient);
    }
}
