package org.trdcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trdcds.testing.CdsHooksRules;
import org.trdcds.testing.HttpTestSupport;
import org.trdcds.testing.PatientFixture;

/**
 * Issue 3 through the HTTP endpoint: esketamine, rTMS, ECT, VNS, augmentation, combination at initiation,
 * special populations and drug interactions, each at its boundaries (clinical-rules §1.4, §1.5, §2, §3, §0).
 */
class NextStepCardsTest extends HttpTestSupport {

    static final String CPT = "http://www.ama-assn.org/go/cpt";
    static final String HCPCS = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

    private JsonNode answer(String serviceId, PatientFixture patient, Map<String, Object> context) throws Exception {
        Answer answer = call(serviceId, request(serviceId, patient, context));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode response = answer.json();
        CdsHooksRules.assertValidResponse(response);
        return response;
    }

    private JsonNode sign(PatientFixture patient, Resource... orders) throws Exception {
        return answer("trd-order-sign", patient, Map.of("draftOrders", draftOrders(orders)));
    }

    private JsonNode chart(PatientFixture patient) throws Exception {
        return answer("trd-patient-view", patient, Map.of());
    }

    private static JsonNode card(JsonNode response, String topic) {
        for (JsonNode card : response.get("cards")) {
            if (card.get("source").get("topic").get("code").asText().equals(topic)) {
                return card;
            }
        }
        throw new AssertionError("no " + topic + " card in " + CdsHooksRules.topics(response));
    }

    /** A TRD patient of the given age on sertraline (ongoing, nonresponse), with an MDD diagnosis. */
    static PatientFixture trdPatient(int age) {
        return PatientFixture.patient("pat-1", age).condition("F33.2", daysAgo(1200)).twoFailedTrials()
                .takes("sertraline", "36437", 100, daysAgo(100)).and().phq9(daysAgo(98), 20).phq9(daysAgo(5), 18);
    }

    private Resource esketamineOrder(PatientFixture patient) {
        return patient.draftOrder("0", "esketamine 28 MG Nasal Spray (Spravato)");
    }

    // --- esketamine (§2.1) ---

    @Test
    void esketamineForAnAdultWithTrdIsEligibleWithTheRemsText() throws Exception {
        PatientFixture patient = trdPatient(45);
        JsonNode response = sign(patient, esketamineOrder(patient));
        assertThat(CdsHooksRules.topics(response)).containsExactly("trd", "esketamine-eligible");
        JsonNode eligible = card(response, "esketamine-eligible");
        assertThat(eligible.get("indicator").asText()).isEqualTo("info");
        assertThat(eligible.get("detail").asText()).contains("SPRAVATO REMS").contains("at least 2 hours")
                .contains("blood pressure before and about 40 minutes after")
                .contains("Given with the current oral antidepressant: sertraline")
                .contains("Induction: 56 mg on day 1");
    }

    @ParameterizedTest(name = "age {0}: {1}")
    @CsvSource({"17, esketamine-not-eligible", "18, esketamine-eligible"})
    void esketamineNeedsAnAdult(int age, String topic) throws Exception {
        PatientFixture patient = trdPatient(age);
        JsonNode response = sign(patient, esketamineOrder(patient));
        JsonNode card = card(response, topic);
        if (topic.equals("esketamine-not-eligible")) {
            assertThat(card.get("indicator").asText()).isEqualTo("warning");
            assertThat(card.get("detail").asText()).contains("- Age 17: esketamine is approved for adults (18 or older)")
                    .contains("SPRAVATO REMS");
        }
    }

    @ParameterizedTest(name = "age {0}")
    @CsvSource({"64, Induction: 56 mg on day 1", "65, Age 65 (65 or older): start induction at 28 mg."})
    void olderAdultsStartAt28Mg(int age, String text) throws Exception {
        PatientFixture patient = trdPatient(age);
        assertThat(card(sign(patient, esketamineOrder(patient)), "esketamine-eligible").get("detail").asText()).contains(text);
    }

    @Test
    void oneFailedTrialIsNotEnoughAndTheCardSaysSo() throws Exception {
        PatientFixture patient = PatientFixture.patient().condition("F33.1", daysAgo(1100)).failedTrials(1)
                .takes("sertraline", "36437", 100, daysAgo(20)).and();
        JsonNode card = card(sign(patient, esketamineOrder(patient)), "esketamine-not-eligible");
        assertThat(card.get("summary").asText()).startsWith("Esketamine criteria not met: 1 of 2 failed adequate antidepressant trials");
        assertThat(card.get("detail").asText()).contains("- 1 of 2 failed adequate antidepressant trials in this episode");
    }

    @Test
    void suicidalIdeationWithAnOralAntidepressantIsTheSecondIndication() throws Exception {
        PatientFixture patient = PatientFixture.patient().condition("F33.1", daysAgo(900))
                .takes("sertraline", "36437", 100, daysAgo(20)).and().item9(daysAgo(1), 2);
        JsonNode response = sign(patient, esketamineOrder(patient));
        assertThat(CdsHooksRules.topics(response)).containsExactly("suicide-risk", "esketamine-eligible");
        assertThat(card(response, "esketamine-eligible").get("summary").asText())
                .contains("MDD with acute suicidal ideation, with an oral antidepressant");
        PatientFixture withoutAntidepressant = PatientFixture.patient().condition("F33.1", daysAgo(900)).item9(daysAgo(1), 2);
        assertThat(card(sign(withoutAntidepressant, esketamineOrder(withoutAntidepressant)), "esketamine-not-eligible")
                .get("detail").asText()).contains("Acute suicidal ideation, but no active oral antidepressant");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "http://hl7.org/fhir/sid/icd-10-cm, I71.40, Aneurysmal vascular disease",
        "http://hl7.org/fhir/sid/icd-10-cm, I67.1, Aneurysmal vascular disease",
        "http://hl7.org/fhir/sid/icd-10-cm, Q28.2, Arteriovenous malformation",
        "http://hl7.org/fhir/sid/icd-10-cm, I61.9, History of intracerebral haemorrhage"
    })
    void esketamineContraindicationsAreCriticalAndOfferToRemoveTheOrder(String system, String code, String label) throws Exception {
        PatientFixture patient = trdPatient(50).condition(system, code, daysAgo(2000), "resolved");
        Resource order = esketamineOrder(patient);
        JsonNode response = sign(patient, order);
        assertThat(CdsHooksRules.topics(response)).containsExactly("esketamine-contraindicated", "trd");
        JsonNode card = card(response, "esketamine-contraindicated");
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        assertThat(card.get("detail").asText()).contains("- " + label + ": ");
        JsonNode suggestion = card.get("suggestions").get(0);
        assertThat(suggestion.get("label").asText()).isEqualTo("Remove the draft esketamine order");
        assertThat(suggestion.get("actions").get(0).get("type").asText()).isEqualTo("delete");
        assertThat(suggestion.get("actions").get(0).get("resourceId").asText()).isEqualTo("MedicationRequest/" + order.getIdElement().getIdPart());
        assertThat(card.get("selectionBehavior").asText()).isEqualTo("any");
    }

    @Test
    void hypersensitivityToKetamineContraindicatesEsketamine() throws Exception {
        PatientFixture patient = trdPatient(50).allergy("Ketamine");
        assertThat(card(sign(patient, esketamineOrder(patient)), "esketamine-contraindicated").get("detail").asText())
                .contains("- Hypersensitivity: Ketamine");
    }

    @Test
    void aServiceRequestForG2083IsAnEsketamineOrder() throws Exception {
        PatientFixture patient = trdPatient(50);
        JsonNode response = sign(patient, patient.draftService(HCPCS, "G2083"));
        assertThat(CdsHooksRules.topics(response)).containsExactly("trd", "esketamine-eligible");
    }

    @ParameterizedTest(name = "BP {0}/{1}: caution {2}")
    @CsvSource({"139, 89, false", "140, 80, true", "130, 90, true"})
    void bloodPressureOf140Over90OrMoreWithin30DaysIsACaution(int systolic, int diastolic, boolean caution) throws Exception {
        PatientFixture patient = trdPatient(50).bloodPressure(daysAgo(3), systolic, diastolic);
        JsonNode response = sign(patient, esketamineOrder(patient));
        assertThat(CdsHooksRules.topics(response).contains("esketamine-caution")).isEqualTo(caution);
        if (caution) {
            assertThat(card(response, "esketamine-caution").get("indicator").asText()).isEqualTo("warning");
            assertThat(card(response, "esketamine-caution").get("detail").asText())
                    .contains("- Blood pressure " + systolic + "/" + diastolic + " mmHg on 2026-05-29");
        }
    }

    @Test
    void aBloodPressureOlderThan30DaysIsNotRead() throws Exception {
        PatientFixture patient = trdPatient(50).bloodPressure(daysAgo(31), 170, 100);
        assertThat(CdsHooksRules.topics(sign(patient, esketamineOrder(patient)))).doesNotContain("esketamine-caution");
    }

    @Test
    void esketamineInPregnancyIsAPerinatalWarningNotACaution() throws Exception {
        PatientFixture patient = trdPatient(30).condition("Z33.1", daysAgo(60));
        JsonNode response = sign(patient, esketamineOrder(patient));
        JsonNode perinatal = card(response, "perinatal");
        assertThat(perinatal.get("indicator").asText()).isEqualTo("warning");
        assertThat(perinatal.get("detail").asText()).contains("- Esketamine in pregnancy: may cause fetal harm");
        assertThat(CdsHooksRules.topics(response)).doesNotContain("esketamine-caution");
    }

    @Test
    void onTheChartATrdPatientSeesEsketamineEligibility() throws Exception {
        assertThat(CdsHooksRules.topics(chart(trdPatient(45)))).containsExactly("nonresponse", "trd", "esketamine-eligible");
    }

    // --- rTMS (§2.2) ---

    @Test
    void rtmsForAnAdultWithTwoFailedTrialsIsEligible() throws Exception {
        PatientFixture patient = trdPatient(45);
        JsonNode response = sign(patient, patient.draftService(CPT, "90867"));
        assertThat(CdsHooksRules.topics(response)).containsExactly("trd", "rtms-eligible");
        assertThat(card(response, "rtms-eligible").get("detail").asText()).contains("L34998");
    }

    @Test
    void rtmsNotEligibleWithOneFailedTrialOrPsychoticFeatures() throws Exception {
        PatientFixture oneTrial = PatientFixture.patient().condition("F33.1", daysAgo(1100)).failedTrials(1);
        assertThat(card(sign(oneTrial, oneTrial.draftService(CPT, "90868")), "rtms-not-eligible").get("detail").asText())
                .contains("- 1 of 2 adequate antidepressant trials with partial or no response in this episode");
        PatientFixture psychotic = trdPatient(45).condition("F33.3", daysAgo(100));
        JsonNode card = card(sign(psychotic, psychotic.draftService(CPT, "90867")), "rtms-not-eligible");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("detail").asText()).contains("- Psychotic features: F33.3");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"G40.909, Seizure disorder", "Z96.82, Implanted device in or near the head", "Z96.21, Implanted device in or near the head"})
    void rtmsContraindications(String code, String label) throws Exception {
        PatientFixture patient = trdPatient(45).condition(code, daysAgo(500));
        Resource order = patient.draftService(CPT, "90867");
        JsonNode card = card(sign(patient, order), "rtms-contraindicated");
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        assertThat(card.get("detail").asText()).contains("- " + label + ": " + code);
        assertThat(card.get("suggestions").get(0).get("actions").get(0).get("resourceId").asText())
                .isEqualTo("ServiceRequest/" + order.getIdElement().getIdPart());
    }

    @Test
    void bupropionIsARelativeContraindicationOfRtms() throws Exception {
        PatientFixture patient = trdPatient(45).takes("bupropion", "42347", 300, daysAgo(30)).and();
        JsonNode card = card(sign(patient, patient.draftService(CPT, "90867")), "rtms-caution");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("detail").asText()).contains("- bupropion lowers the seizure threshold").contains("DOBEK");
    }

    @Test
    void bipolarDisorderReplacesRtmsEligibilityButNotItsContraindication() throws Exception {
        PatientFixture patient = trdPatient(45).condition("F31.81", daysAgo(300)).condition("G40.909", daysAgo(500));
        assertThat(CdsHooksRules.topics(sign(patient, patient.draftService(CPT, "90867"))))
                .containsExactly("rtms-contraindicated", "bipolar-exclusion");
    }

    @Test
    void anEligibleTrdPatientsTrdCardSuggestsAnRtmsReferral() throws Exception {
        JsonNode trd = card(chart(trdPatient(45)), "trd");
        JsonNode suggestion = trd.get("suggestions").get(0);
        assertThat(suggestion.get("label").asText()).isEqualTo("Refer for rTMS (CPT 90867)");
        JsonNode resource = suggestion.get("actions").get(0).get("resource");
        assertThat(resource.get("resourceType").asText()).isEqualTo("ServiceRequest");
        assertThat(resource.get("status").asText()).isEqualTo("draft");
        assertThat(resource.get("code").get("coding").get(0).get("code").asText()).isEqualTo("90867");
        assertThat(resource.get("subject").get("reference").asText()).isEqualTo("Patient/pat-1");
        PatientFixture withSeizures = trdPatient(45).condition("G40.909", daysAgo(500));
        assertThat(card(chart(withSeizures), "trd").has("suggestions")).isFalse();
    }

    // --- ECT (§2.3) and VNS (§2.4) ---

    @ParameterizedTest(name = "{0}")
    @CsvSource({"F33.3, Psychotic features", "F32.3, Psychotic features"})
    void psychoticDepressionMakesEctAPriority(String code, String label) throws Exception {
        JsonNode card = card(chart(PatientFixture.patient().condition(code, daysAgo(30))), "ect-priority");
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        assertThat(card.get("detail").asText()).contains("- " + label + ": " + code).contains("right unilateral ultrabrief");
    }

    @Test
    void catatoniaAndAPreviousEctCourseAreTriggers() throws Exception {
        PatientFixture catatonia = PatientFixture.patient().condition(PatientFixture.SNOMED, "39809009", daysAgo(10), "active");
        assertThat(card(chart(catatonia), "ect-priority").get("detail").asText()).contains("- Catatonia: 39809009");
        PatientFixture previous = PatientFixture.patient().procedure(CPT, "90870", daysAgo(700));
        assertThat(card(chart(previous), "ect-priority").get("detail").asText()).contains("- Previous ECT course (2024-07-01)");
    }

    @ParameterizedTest(name = "pregnant, PHQ-9 {0}: ECT {1}")
    @CsvSource({"19, false", "20, true"})
    void severeDepressionInPregnancyIsAPhq9Of20OrMore(int phq9, boolean ect) throws Exception {
        PatientFixture patient = PatientFixture.patient("pat-1", 30).condition("Z33.1", daysAgo(90)).phq9(daysAgo(2), phq9);
        assertThat(CdsHooksRules.topics(chart(patient)).contains("ect-priority")).isEqualTo(ect);
    }

    @Test
    void bipolarDisorderNeverSuppressesEctPriority() throws Exception {
        PatientFixture patient = PatientFixture.patient().condition("F31.81", daysAgo(300)).condition("F33.3", daysAgo(30));
        assertThat(CdsHooksRules.topics(chart(patient))).contains("ect-priority");
    }

    @ParameterizedTest(name = "{0} failed trials: VNS {1}")
    @CsvSource({"3, false", "4, true"})
    void vnsIsConsideredAtFourFailedTrials(int failed, boolean vns) throws Exception {
        PatientFixture patient = PatientFixture.patient().failedTrials(failed);
        JsonNode response = chart(patient);
        assertThat(CdsHooksRules.topics(response).contains("vns-consider")).isEqualTo(vns);
        if (vns) {
            assertThat(card(response, "vns-consider").get("indicator").asText()).isEqualTo("info");
            assertThat(card(response, "vns-consider").get("detail").asText()).contains("coverage-with-evidence-development");
        }
    }

    // --- augmentation (§1.4) ---

    static PatientFixture partialResponder() {
        return PatientFixture.patient().takes("sertraline", "36437", 100, daysAgo(100)).and()
                .phq9(daysAgo(98), 20).phq9(daysAgo(5), 14);
    }

    private static List<String> suggestionLabels(JsonNode card) {
        List<String> labels = new java.util.ArrayList<>();
        card.path("suggestions").forEach(s -> labels.add(s.get("label").asText()));
        return labels;
    }

    @Test
    void partialResponseSuggestsRankedAugmentationThatCreatesAMedicationRequest() throws Exception {
        PatientFixture patient = partialResponder().observation(PatientFixture.LOINC, "44254-1", daysAgo(5), 2);
        JsonNode card = card(chart(patient), "partial-response");
        assertThat(card.get("selectionBehavior").asText()).isEqualTo("at-most-one");
        assertThat(suggestionLabels(card)).containsExactly(
                "Add bupropion XL 150 mg (low energy or SSRI sexual dysfunction)",
                "Add liothyronine (T3) 25 mcg (no blood monitoring, less weight gain and tremor)",
                "Add lithium (needs level and renal monitoring)",
                "Add aripiprazole 2 mg (lowest metabolic risk of the antipsychotics)",
                "Add quetiapine XR 150 mg at bedtime",
                "Olanzapine/fluoxetine 6/25 mg");
        JsonNode resource = card.get("suggestions").get(0).get("actions").get(0).get("resource");
        assertThat(resource.get("resourceType").asText()).isEqualTo("MedicationRequest");
        assertThat(resource.get("status").asText()).isEqualTo("draft");
        assertThat(resource.get("intent").asText()).isEqualTo("proposal");
        assertThat(resource.get("medicationCodeableConcept").get("coding").get(0).get("code").asText()).isEqualTo("42347");
        assertThat(resource.get("dosageInstruction").get(0).get("text").asText()).startsWith("150 mg once daily");
    }

    @ParameterizedTest(name = "energy item {0}: bupropion {1}")
    @CsvSource({"1, false", "2, true"})
    void bupropionNeedsLowEnergyOfTwoOrMore(int energy, boolean suggested) throws Exception {
        PatientFixture patient = partialResponder().observation(PatientFixture.LOINC, "44254-1", daysAgo(5), energy);
        assertThat(suggestionLabels(card(chart(patient), "partial-response")).get(0).startsWith("Add bupropion")).isEqualTo(suggested);
    }

    @Test
    void noBupropionWithASeizureOrEatingDisorder() throws Exception {
        PatientFixture patient = partialResponder().condition("R37", daysAgo(40)).condition("F50.2", daysAgo(400));
        assertThat(suggestionLabels(card(chart(patient), "partial-response"))).noneMatch(l -> l.contains("bupropion"));
        PatientFixture sexualDysfunction = partialResponder().condition("R37", daysAgo(40));
        assertThat(suggestionLabels(card(chart(sexualDysfunction), "partial-response")).get(0)).startsWith("Add bupropion");
    }

    @Test
    void mirtazapineForInsomniaWithPoorAppetiteWithAFallsNoteFrom65() throws Exception {
        PatientFixture young = partialResponder().observation(PatientFixture.LOINC, "44259-0", daysAgo(5), 2)
                .observation(PatientFixture.LOINC, "44251-7", daysAgo(5), 3);
        assertThat(suggestionLabels(card(chart(young), "partial-response")).get(0))
                .isEqualTo("Add mirtazapine 15 mg at bedtime (insomnia with poor appetite)");
        PatientFixture old = PatientFixture.patient("pat-1", 70).takes("sertraline", "36437", 100, daysAgo(100)).and()
                .phq9(daysAgo(98), 20).phq9(daysAgo(5), 14)
                .observation(PatientFixture.LOINC, "44259-0", daysAgo(5), 2).observation(PatientFixture.LOINC, "44251-7", daysAgo(5), 2);
        assertThat(suggestionLabels(card(chart(old), "partial-response")).get(0)).endsWith("(age 65 or older: caution, falls)");
    }

    @Test
    void metabolicRiskWarnsOnOlanzapineFluoxetine() throws Exception {
        PatientFixture patient = partialResponder().condition("E11.9", daysAgo(2000));
        assertThat(suggestionLabels(card(chart(patient), "partial-response")))
                .contains("Olanzapine/fluoxetine 6/25 mg (caution: highest metabolic risk; diabetes, obesity or dyslipidemia on record)");
    }

    // --- combination at initiation (§1.5) ---

    static PatientFixture startingTreatment(int phq9) {
        return PatientFixture.patient().condition(PatientFixture.ICD10, "F33.1", daysAgo(1000), "active")
                .condition(PatientFixture.ICD10, "F33.41", daysAgo(2000), "resolved")
                .condition(PatientFixture.ICD10, "F33.1", daysAgo(3000), "resolved")
                .takes("sertraline", "36437", 50, daysAgo(10)).and().phq9(daysAgo(3), phq9);
    }

    @ParameterizedTest(name = "PHQ-9 {0}: warning {1}")
    @CsvSource({"20, true", "21, false"})
    void combiningAtInitiationIsWithheldOnlyWhenSevereChronicAndRecurrent(int phq9, boolean warned) throws Exception {
        PatientFixture patient = startingTreatment(phq9);
        JsonNode response = sign(patient, patient.draftOrder("15996", "mirtazapine 30 MG Oral Tablet"));
        assertThat(CdsHooksRules.topics(response).contains("combination-at-initiation")).isEqualTo(warned);
        if (warned) {
            assertThat(card(response, "combination-at-initiation").get("detail").asText())
                    .contains("- Severe (PHQ-9 above 20): no (latest PHQ-9 20)")
                    .contains("- Chronic (MDD for more than 2 years): yes")
                    .contains("- Recurrent (3 or more episodes): yes (3 on record)");
        }
    }

    @Test
    void lowDoseTrazodoneForSleepIsNotASecondAntidepressant() throws Exception {
        PatientFixture patient = startingTreatment(15);
        var trazodone = patient.draftOrder("856364", "trazodone 50 MG Oral Tablet");
        trazodone.addDosageInstruction().setTiming(new org.hl7.fhir.r4.model.Timing().setRepeat(
                        new org.hl7.fhir.r4.model.Timing.TimingRepeatComponent().setFrequency(1).setPeriod(1)
                                .setPeriodUnit(org.hl7.fhir.r4.model.Timing.UnitsOfTime.D)))
                .addDoseAndRate().setDose(new org.hl7.fhir.r4.model.Quantity().setValue(1).setUnit("tablet"));
        assertThat(CdsHooksRules.topics(sign(patient, trazodone))).doesNotContain("combination-at-initiation");
    }

    // --- special populations (§2.5) ---

    @ParameterizedTest(name = "age {0}: geriatric {1}")
    @CsvSource({"64, false", "65, true"})
    void aTcaForAnOlderAdultIsAGeriatricCaution(int age, boolean caution) throws Exception {
        PatientFixture patient = PatientFixture.patient("pat-1", age);
        JsonNode response = sign(patient, patient.draftOrder("704", "amitriptyline 25 MG Oral Tablet"));
        assertThat(CdsHooksRules.topics(response).contains("geriatric-caution")).isEqualTo(caution);
        if (caution) {
            assertThat(card(response, "geriatric-caution").get("detail").asText())
                    .contains("- amitriptyline: on the Beers list").contains("vortioxetine");
        }
    }

    @Test
    void mirtazapineWithAHistoryOfFallsAt65() throws Exception {
        PatientFixture patient = PatientFixture.patient("pat-1", 72).condition("Z91.81", daysAgo(100));
        assertThat(card(sign(patient, patient.draftOrder("15996", "mirtazapine 15 MG Oral Tablet")), "geriatric-caution")
                .get("detail").asText()).contains("- mirtazapine with a history of falls");
    }

    @Test
    void lactationWithSertralineIsInfoToContinue() throws Exception {
        PatientFixture patient = PatientFixture.patient("pat-1", 31).condition("Z39.1", daysAgo(20));
        JsonNode card = card(sign(patient, patient.draftOrder("36437", "sertraline 50 MG Oral Tablet")), "perinatal");
        assertThat(card.get("indicator").asText()).isEqualTo("info");
        assertThat(card.get("detail").asText()).contains("- sertraline while breastfeeding: RID about 0.5%, below the 10% threshold: continue");
        PatientFixture other = PatientFixture.patient("pat-1", 31).condition("Z39.1", daysAgo(20));
        assertThat(card(sign(other, other.draftOrder("4493", "fluoxetine 20 MG Oral Capsule")), "perinatal").get("detail").asText())
                .contains("- fluoxetine while breastfeeding: check its relative infant dose (RID) and consider sertraline");
    }

    // --- drug interactions (§3) ---

    @Test
    void ddi1MaoiWithACurrentSsriIsCriticalWithARemoval() throws Exception {
        PatientFixture patient = PatientFixture.patient().takes("sertraline", "36437", 100, daysAgo(60)).and();
        Resource phenelzine = patient.draftOrder("312347", "phenelzine 15 MG Oral Tablet");
        JsonNode card = card(sign(patient, phenelzine), "drug-interaction");
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        assertThat(card.get("summary").asText()).contains("phenelzine (ordered) with sertraline");
        assertThat(card.get("suggestions").get(0).get("actions").get(0).get("resourceId").asText())
                .isEqualTo("MedicationRequest/" + phenelzine.getIdElement().getIdPart());
    }

    @Test
    void ddi1WorksInTheOtherDirectionToo() throws Exception {
        PatientFixture patient = PatientFixture.patient().takesScd("312347", "phenelzine 15 MG Oral Tablet", daysAgo(60)).tablets(3).and();
        JsonNode card = card(sign(patient, patient.draftOrder("42347", "bupropion 150 MG Extended Release Oral Tablet")), "drug-interaction");
        assertThat(card.get("summary").asText()).contains("bupropion (ordered) with phenelzine");
    }

    @ParameterizedTest(name = "fluoxetine stopped {0} days ago: DDI-2 {1}")
    @CsvSource({"34, true", "35, false"})
    void ddi2AnMaoiLessThan35DaysAfterFluoxetine(int daysSince, boolean critical) throws Exception {
        PatientFixture patient = PatientFixture.patient().takes("fluoxetine", "4493", 20, daysAgo(200)).until(daysAgo(daysSince)).and();
        JsonNode response = sign(patient, patient.draftOrder("313447", "tranylcypromine 10 MG Oral Tablet"));
        assertThat(CdsHooksRules.topics(response).contains("drug-interaction")).isEqualTo(critical);
        if (critical) {
            JsonNode card = card(response, "drug-interaction");
            assertThat(card.get("indicator").asText()).isEqualTo("critical");
            assertThat(card.get("summary").asText()).isEqualTo("MAOI less than 35 days after fluoxetine: wait until 2026-06-02");
            assertThat(card.get("detail").asText()).contains("Earliest safe MAOI start: 2026-06-02");
        }
    }

    @ParameterizedTest(name = "SSRI stopped {0} days ago: DDI-3 {1}")
    @CsvSource({"13, true", "14, false"})
    void ddi3AnMaoiLessThan14DaysAfterAnotherSsri(int daysSince, boolean critical) throws Exception {
        PatientFixture patient = PatientFixture.patient().takes("sertraline", "36437", 100, daysAgo(200)).until(daysAgo(daysSince)).and();
        JsonNode response = sign(patient, patient.draftOrder("312347", "phenelzine 15 MG Oral Tablet"));
        assertThat(CdsHooksRules.topics(response).contains("drug-interaction")).isEqualTo(critical);
        if (critical) {
            assertThat(card(response, "drug-interaction").get("summary").asText())
                    .isEqualTo("Washout not complete: start no earlier than 2026-06-02");
        }
    }

    @Test
    void ddi3ASerotonergicAntidepressantLessThan14DaysAfterAnMaoi() throws Exception {
        PatientFixture patient = PatientFixture.patient().takesScd("312347", "phenelzine 15 MG Oral Tablet", daysAgo(200))
                .tablets(3).until(daysAgo(5)).and();
        JsonNode card = card(sign(patient, patient.draftOrder("36437", "sertraline 50 MG Oral Tablet")), "drug-interaction");
        assertThat(card.get("detail").asText()).contains("- phenelzine last taken 2026-05-27; earliest safe start of the new drug: 2026-06-10");
    }

    @Test
    void ddi4TcaWithAnSsriIsAWarning() throws Exception {
        PatientFixture patient = PatientFixture.patient().takes("fluoxetine", "4493", 20, daysAgo(60)).and();
        JsonNode card = card(sign(patient, patient.draftOrder("7531", "nortriptyline 25 MG Oral Capsule")), "drug-interaction");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("summary").asText()).isEqualTo("TCA with an SSRI: SSRIs may raise TCA levels (nortriptyline (ordered) with fluoxetine)");
    }

    @ParameterizedTest(name = "lithium with {0}")
    @CsvSource({"5640, ibuprofen 400 MG Oral Tablet", "5487, hydrochlorothiazide 25 MG Oral Tablet", "0, lisinopril 10 MG Oral Tablet", "0, losartan 50 MG Oral Tablet"})
    void ddi5LithiumWithAceInhibitorsArbsNsaidsAndThiazides(String rxcui, String display) throws Exception {
        PatientFixture patient = PatientFixture.patient().takesScd("0", "lithium carbonate 300 MG Oral Capsule", daysAgo(100)).tablets(2).and();
        JsonNode card = card(sign(patient, patient.draftOrder(rxcui, display)), "drug-interaction");
        assertThat(card.get("indicator").asText()).isEqualTo("warning");
        assertThat(card.get("summary").asText()).startsWith("Lithium toxicity risk:").contains("with lithium");
    }

    @Test
    void ddi6EsketamineWithABenzodiazepineIsADrugInteractionNotACaution() throws Exception {
        PatientFixture patient = trdPatient(45).takesScd("0", "lorazepam 1 MG Oral Tablet", daysAgo(30)).tablets(1).and();
        JsonNode response = sign(patient, esketamineOrder(patient));
        assertThat(CdsHooksRules.topics(response)).containsExactly("trd", "esketamine-eligible", "drug-interaction");
        assertThat(card(response, "drug-interaction").get("summary").asText()).isEqualTo("Esketamine interaction: esketamine with lorazepam");
    }
}
