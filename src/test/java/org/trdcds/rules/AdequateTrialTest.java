package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdcds.testing.Cql;
import org.trdcds.testing.PatientFixture;

/** clinical-rules §1.2 and §0: trials, daily dose, Table A minimum dose, 42 days, gaps. */
class AdequateTrialTest {

    static final String LIBRARY = "AdequateTrial";

    private static List<Object> trials(PatientFixture patient) {
        return Cql.list(Cql.value(LIBRARY, "Trials", patient));
    }

    private static Map<String, Object> onlyTrial(PatientFixture patient) {
        List<Object> trials = trials(patient);
        assertThat(trials).hasSize(1);
        return Cql.map(trials.get(0));
    }

    @Test
    void day42AtTheMinimumDoseIsAdequateDay41IsNot() {
        Map<String, Object> day42 = onlyTrial(PatientFixture.patient().takes("sertraline", "36437", 50, daysAgo(42)).and());
        assertThat(day42.get("adequacyDate")).isEqualTo(PatientFixture.TODAY);
        assertThat(day42.get("daysAtAdequateDose")).isEqualTo(42);

        Map<String, Object> day41 = onlyTrial(PatientFixture.patient().takes("sertraline", "36437", 50, daysAgo(41)).and());
        assertThat(day41.get("adequacyDate")).isNull();
        assertThat(day41.get("daysAtAdequateDose")).isEqualTo(41);
    }

    @Test
    void aDoseBelowTheTableAMinimumIsNeverAdequate() {
        Map<String, Object> trial = onlyTrial(PatientFixture.patient().takes("sertraline", "36437", 49, daysAgo(120)).and());
        assertThat(trial.get("adequacyDate")).isNull();
        assertThat(trial.get("adequateDoseSince")).isNull();
        assertThat((BigDecimal) trial.get("dailyDoseMg")).isEqualByComparingTo("49");
    }

    @ParameterizedTest(name = "{0}: {1} mg/day, adequate {2}")
    @CsvSource({
        "phenelzine, 44, false",   // §0: 45 mg, not the 15 mg starting dose
        "phenelzine, 45, true",
        "isocarboxazid, 19, false", // §0: 20 mg
        "isocarboxazid, 20, true",
        "bupropion, 299, false",
        "bupropion, 300, true",
        "amitriptyline, 149, false",
        "amitriptyline, 150, true",
        "vortioxetine, 10, true"     // [MCM] 10 mg
    })
    void tableAMinimumDoses(String ingredient, double mg, boolean adequate) {
        Map<String, Object> trial = onlyTrial(PatientFixture.patient().takesScd("0", ingredient, daysAgo(60)).mg(mg).and());
        assertThat(trial.get("adequacyDate") != null).isEqualTo(adequate);
    }

    @Test
    void tabletsOfAClinicalDrugAreMultipliedByItsStrengthAndFrequency() {
        Map<String, Object> trial = onlyTrial(PatientFixture.patient()
                .takesScd("312940", "sertraline 50 MG Oral Tablet", daysAgo(60)).tablets(1).timesPerDay(2).and());
        assertThat((BigDecimal) trial.get("dailyDoseMg")).isEqualByComparingTo("100");
        assertThat(trial.get("ingredient")).isEqualTo("sertraline");
    }

    @Test
    void halfATabletOfFiftyIsBelowTheSertralineMinimum() {
        Map<String, Object> trial = onlyTrial(PatientFixture.patient()
                .takesScd("312940", "sertraline 50 MG Oral Tablet", daysAgo(60)).tablets(0.5).and());
        assertThat((BigDecimal) trial.get("dailyDoseMg")).isEqualByComparingTo("25");
        assertThat(trial.get("adequacyDate")).isNull();
    }

    @Test
    void olanzapineFluoxetineCountsAsFluoxetineByItsFluoxetineComponent() {
        Map<String, Object> trial = onlyTrial(PatientFixture.patient()
                .takesScd("403970", "olanzapine 6 MG / fluoxetine 25 MG Oral Capsule", daysAgo(60)).tablets(1).and());
        assertThat(trial.get("ingredient")).isEqualTo("fluoxetine");
        assertThat((BigDecimal) trial.get("dailyDoseMg")).isEqualByComparingTo("25");
    }

    @Test
    void bupropionHydrobromide348CountsAsHcl300() {
        Map<String, Object> trial = onlyTrial(PatientFixture.patient()
                .takesScd("0", "bupropion hydrobromide 348 MG Extended Release Oral Tablet", daysAgo(60)).tablets(1).and());
        assertThat((BigDecimal) trial.get("dailyDoseMg")).isEqualByComparingTo("300");
        assertThat(trial.get("adequacyDate")).isNotNull();
    }

    @Test
    void anUndocumentedDoseMakesTheTrialNotAdequate() {
        Map<String, Object> trial = onlyTrial(PatientFixture.patient().takes("sertraline", "36437", 100, daysAgo(90)).noDose().and());
        assertThat(trial.get("doseDocumented")).isEqualTo(false);
        assertThat(trial.get("adequacyDate")).isNull();
        assertThat(Cql.value("ResponseClassification", "Inadequacy Reason",
                PatientFixture.patient().takes("sertraline", "36437", 100, daysAgo(90)).noDose().and()))
                .asString().startsWith("The daily dose is not documented");
    }

    @Test
    void statementsAtMostFourteenDaysApartAreOneTrial() {
        // §1.2 GAP_DAYS = 14: a gap of 14 days keeps one trial, 15 days starts a new one
        PatientFixture gap14 = PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(200)).until(daysAgo(150)).and()
                .takes("sertraline", "36437", 100, daysAgo(136)).and();
        assertThat(trials(gap14)).hasSize(1);
        PatientFixture gap15 = PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(200)).until(daysAgo(150)).and()
                .takes("sertraline", "36437", 100, daysAgo(135)).and();
        assertThat(trials(gap15)).hasSize(2);
    }

    @Test
    void consecutiveStatementsAtRisingDosesAreAdequateFromTheDayTheDoseReachedTheMinimum() {
        Map<String, Object> trial = onlyTrial(PatientFixture.patient()
                .takes("sertraline", "36437", 25, daysAgo(100)).until(daysAgo(80)).and()
                .takes("sertraline", "36437", 100, daysAgo(80)).and());
        assertThat(trial.get("start")).isEqualTo(daysAgo(100));
        assertThat(trial.get("adequateDoseSince")).isEqualTo(daysAgo(80));
        assertThat(trial.get("adequacyDate")).isEqualTo(daysAgo(80).plusDays(42));
        assertThat((BigDecimal) trial.get("dailyDoseMg")).isEqualByComparingTo("100");
    }

    @Test
    void trazodoneBelow200MgIsHypnoticUseAndNotATrial() {
        assertThat(trials(PatientFixture.patient().takes("trazodone", "856364", 100, daysAgo(90)).and())).isEmpty();
        assertThat(trials(PatientFixture.patient().takes("trazodone", "856364", 200, daysAgo(90)).and())).hasSize(1);
    }

    @Test
    void augmentingAgentsAreNotTrials() {
        assertThat(trials(PatientFixture.patient().takes("aripiprazole", "89013", 5, daysAgo(90)).and())).isEmpty();
    }

    @Test
    void unknownCodesAreMatchedByWholeIngredientNameOnly() {
        assertThat(onlyTrial(PatientFixture.patient().takesScd("99999999", "Zoloft (sertraline) 100 mg tab", daysAgo(50)).tablets(1).and())
                .get("ingredient")).isEqualTo("sertraline");
        // "ketamine" is not "esketamine", and a word containing an ingredient name is not that ingredient
        assertThat(trials(PatientFixture.patient().takesScd("1", "nortriptylineX 25 MG", daysAgo(50)).mg(100).and())).isEmpty();
    }

    /**
     * Each medication the statements name is matched once, and its match is shared by the statements that name
     * it with the same codes and text: statements that share only their text, or only their codes, are matched
     * each on its own.
     */
    @Test
    void statementsSharingOnlyTheirTextOrOnlyTheirCodesAreMatchedEachOnItsOwn() {
        PatientFixture patient = PatientFixture.patient();
        patient.takesScd("36437", "daily pill", daysAgo(100)).mg(50);   // sertraline by code
        patient.takesScd("2556", "daily pill", daysAgo(100)).mg(20);    // citalopram by code, the same text
        patient.takesScd("0", "fluoxetine", daysAgo(100)).mg(20);       // by name
        patient.takesScd("0", "paroxetine", daysAgo(100)).mg(20);       // the same codes, another name
        patient.takesScd("0", "lithium", daysAgo(100)).mg(300);         // not Table A: another ingredient
        patient.takesScd("36437", "daily pill", daysAgo(30)).mg(50);    // a refill of the first
        assertThat(Cql.list(Cql.value(LIBRARY, "Exposed Ingredients", patient)))
                .containsExactlyInAnyOrder("sertraline", "citalopram", "fluoxetine", "paroxetine");
        assertThat(Cql.list(Cql.value(LIBRARY, "Antidepressant Exposures", patient))).hasSize(5);
        assertThat(Cql.list(Cql.value("Medications", "Current Ingredients", patient)))
                .containsExactlyInAnyOrder("sertraline", "citalopram", "fluoxetine", "paroxetine", "lithium");
    }

    @ParameterizedTest(name = "dose unit \"{0}\" counts as units of the product: {1}")
    @CsvSource({
        "tablet, true", "TAB, true", "{tbl}, true", "{Tablet}, true", "caps, true", "1, true", "each, true",
        "{tablet, false", "mL, false", "tablespoon, false", "'', false"
    })
    void unitDoseWordsWithOrWithoutUcumAnnotationBraces(String unit, boolean counted) {
        Map<String, Object> trial = onlyTrial(PatientFixture.patient()
                .takesScd("312940", "sertraline 50 MG Oral Tablet", daysAgo(60)).units(2, unit).and());
        if (counted) {
            assertThat((BigDecimal) trial.get("dailyDoseMg")).isEqualByComparingTo("100");
        } else {
            assertThat(trial.get("dailyDoseMg")).isNull();
        }
    }

    @ParameterizedTest(name = "stopped because \"{0}\": intolerance {1}")
    @CsvSource({
        "Adverse effect, true", "SIDE EFFECTS (nausea), true", "intolerant of it, true", "Intolerance, true",
        "no longer needed, false", "cost, false"
    })
    void aStopReasonNamingAnAdverseReactionInTextMarksIntolerance(String reason, boolean intolerance) {
        Map<String, Object> trial = onlyTrial(PatientFixture.patient()
                .takes("sertraline", "36437", 100, daysAgo(90)).until(daysAgo(20)).stoppedBecause(reason).and());
        assertThat(trial.get("stoppedForIntolerance")).isEqualTo(intolerance);
    }

    /** A statement naming its drug by reference (a Medication resource we are not sent) is no trial and no current drug. */
    @Test
    void aStatementWithAMedicationReferenceCountsForNothing() {
        PatientFixture patient = PatientFixture.patient().takes("sertraline", "36437", 100, daysAgo(90)).and();
        org.hl7.fhir.r4.model.MedicationStatement byReference = new org.hl7.fhir.r4.model.MedicationStatement();
        byReference.setId("by-reference");
        byReference.setStatus(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE);
        byReference.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patient.id()));
        byReference.setMedication(new org.hl7.fhir.r4.model.Reference("Medication/fluoxetine-20"));
        byReference.setEffective(new org.hl7.fhir.r4.model.Period()
                .setStartElement(new org.hl7.fhir.r4.model.DateTimeType(PatientFixture.date(daysAgo(200))))
                .setEndElement(new org.hl7.fhir.r4.model.DateTimeType(PatientFixture.date(daysAgo(100)))));
        var data = patient.dataWith(byReference);

        List<Object> trials = Cql.list(Cql.evaluate(LIBRARY, data, "Trials").value("Trials"));
        assertThat(trials).hasSize(1);
        assertThat(Cql.map(trials.get(0)).get("ingredient")).isEqualTo("sertraline");
        var medications = Cql.evaluate("Medications", data, "Current Ingredients", "Ended Ingredients");
        assertThat(Cql.list(medications.value("Current Ingredients"))).containsExactly("sertraline");
        assertThat(Cql.list(medications.value("Ended Ingredients"))).isEmpty();
    }
}
