package org.trdcds.testing;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import org.trdcds.content.ServiceDefinition;
import org.trdcds.patientdata.PatientData;

/**
 * Builds a synthetic patient for tests, with dates counted back from {@link #TODAY}, the date the
 * tests pin the clinical clock to. The same patient can be given to the CQL directly ({@link #data()})
 * or sent over HTTP as prefetch ({@link #prefetchFor}).
 */
public final class PatientFixture {

    public static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    public static final String LOINC = "http://loinc.org";
    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String SCALES = "http://trd-cds.org/fhir/CodeSystem/depression-scales";
    static final FhirContext FHIR = FhirContext.forR4Cached();

    private final String id;
    private final Reference subject;
    private final List<Resource> resources = new ArrayList<>();
    private int sequence;

    private PatientFixture(String id, int ageYears) {
        this.id = id;
        this.subject = new Reference("Patient/" + id);
        Patient patient = new Patient();
        patient.setId(id);
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.setBirthDate(date(TODAY.minusYears(ageYears).minusDays(100)));
        resources.add(patient);
    }

    public static PatientFixture patient() {
        return new PatientFixture("pat-1", 45);
    }

    public static PatientFixture patient(String id, int ageYears) {
        return new PatientFixture(id, ageYears);
    }

    public String id() {
        return id;
    }

    public static Date date(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    public static LocalDate daysAgo(int days) {
        return TODAY.minusDays(days);
    }

    private String nextId(String prefix) {
        return prefix + "-" + (++sequence);
    }

    // --- diagnoses ---

    public PatientFixture condition(String icd10, LocalDate onset) {
        return condition(ICD10, icd10, onset, "active");
    }

    public PatientFixture condition(String system, String code, LocalDate onset, String clinicalStatus) {
        Condition condition = new Condition();
        condition.setId(nextId("cond"));
        condition.setSubject(subject);
        condition.setCode(new CodeableConcept(new Coding(system, code, code)));
        condition.setClinicalStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-clinical", clinicalStatus, null)));
        if (onset != null) {
            condition.setOnset(new DateTimeType(date(onset)));
        }
        resources.add(condition);
        return this;
    }

    // --- scores ---

    public PatientFixture phq9(LocalDate day, int total) {
        return observation(LOINC, "44261-6", day, total, "final");
    }

    public PatientFixture item9(LocalDate day, int score) {
        return observation(LOINC, "44260-8", day, score, "final");
    }

    public PatientFixture scale(String localCode, LocalDate day, int total) {
        return observation(SCALES, localCode, day, total, "final");
    }

    public PatientFixture observation(String system, String code, LocalDate day, int value) {
        return observation(system, code, day, value, "final");
    }

    public PatientFixture observation(String system, String code, LocalDate day, int value, String status) {
        Observation observation = new Observation();
        observation.setId(nextId("obs"));
        observation.setStatus(Observation.ObservationStatus.fromCode(status));
        observation.setSubject(subject);
        observation.setCode(new CodeableConcept(new Coding(system, code, null)));
        observation.setEffective(new DateTimeType(date(day)));
        observation.setValue(new IntegerType(value));
        resources.add(observation);
        return this;
    }

    /** A PHQ-9 questionnaire answered with LOINC answer codes, items identified by linkId. */
    public PatientFixture phq9Questionnaire(LocalDate day, int... items) {
        resources.add(questionnaire(day, items));
        return this;
    }

    public QuestionnaireResponse questionnaire(LocalDate day, int... items) {
        String[] codes = {"44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"};
        String[] answers = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setId(nextId("qr"));
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(subject);
        response.setQuestionnaire("http://loinc.org/q/44249-1");
        response.setAuthored(date(day));
        for (int i = 0; i < items.length; i++) {
            response.addItem().setLinkId(codes[i]).addAnswer().setValue(new Coding(LOINC, answers[items[i]], null));
        }
        return response;
    }

    // --- medications ---

    /** A statement of an ingredient by its RxNorm ingredient code, with a dose in mg once daily. */
    public Medication takes(String ingredient, String rxcui, double mgPerDay, LocalDate start) {
        return new Medication(ingredient, rxcui, ingredient, start).mg(mgPerDay);
    }

    public Medication takesScd(String rxcui, String display, LocalDate start) {
        return new Medication(null, rxcui, display, start);
    }

    public PatientFixture intoleranceRecord(String rxcui, String ingredient) {
        AllergyIntolerance record = new AllergyIntolerance();
        record.setId(nextId("ai"));
        record.setPatient(subject);
        record.setType(AllergyIntolerance.AllergyIntoleranceType.INTOLERANCE);
        record.setCode(new CodeableConcept(new Coding(RXNORM, rxcui, ingredient)));
        resources.add(record);
        return this;
    }

    /** A draft MedicationRequest, as an EHR puts it in draftOrders. */
    public MedicationRequest draftOrder(String rxcui, String display) {
        MedicationRequest request = new MedicationRequest();
        request.setId(nextId("draft"));
        request.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
        request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        request.setSubject(subject);
        request.setMedication(new CodeableConcept(new Coding(RXNORM, rxcui, display)));
        return request;
    }

    public final class Medication {
        private final MedicationStatement statement = new MedicationStatement();
        private final Dosage dosage;

        private Medication(String ingredient, String rxcui, String display, LocalDate start) {
            statement.setId(nextId("ms"));
            statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
            statement.setSubject(subject);
            statement.setMedication(new CodeableConcept(new Coding(RXNORM, rxcui, display)));
            statement.setEffective(new Period().setStartElement(new DateTimeType(date(start))));
            dosage = statement.addDosage();
            timesPerDay(1);
            resources.add(statement);
        }

        public Medication mg(double perDose) {
            dosage.getDoseAndRate().clear();
            dosage.addDoseAndRate().setDose(new Quantity().setValue(perDose).setUnit("mg")
                    .setSystem("http://unitsofmeasure.org").setCode("mg"));
            return this;
        }

        public Medication tablets(double count) {
            return units(count, "tablet");
        }

        /** A dose in units of the product, written as the EHR writes them ("tablet", "{tbl}", "TAB"...). */
        public Medication units(double count, String unit) {
            dosage.getDoseAndRate().clear();
            dosage.addDoseAndRate().setDose(new Quantity().setValue(count).setUnit(unit));
            return this;
        }

        public Medication noDose() {
            statement.getDosage().clear();
            return this;
        }

        public Medication timesPerDay(int frequency) {
            dosage.setTiming(new Timing().setRepeat(new Timing.TimingRepeatComponent()
                    .setFrequency(frequency).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D)));
            return this;
        }

        public Medication until(LocalDate end) {
            ((Period) statement.getEffective()).setEndElement(new DateTimeType(date(end)));
            statement.setStatus(MedicationStatement.MedicationStatementStatus.COMPLETED);
            return this;
        }

        public Medication stoppedForAdverseReaction() {
            statement.setStatus(MedicationStatement.MedicationStatementStatus.STOPPED);
            statement.addStatusReason(new CodeableConcept(new Coding(SNOMED, "62014003", "Adverse reaction to drug")));
            return this;
        }

        /** Stopped with a reason the EHR coded only as text. */
        public Medication stoppedBecause(String reasonText) {
            statement.setStatus(MedicationStatement.MedicationStatementStatus.STOPPED);
            statement.addStatusReason(new CodeableConcept().setText(reasonText));
            return this;
        }

        public PatientFixture and() {
            return PatientFixture.this;
        }
    }

    /** A draft ServiceRequest (rTMS CPT or esketamine HCPCS), as an EHR puts it in draftOrders. */
    public org.hl7.fhir.r4.model.ServiceRequest draftService(String system, String code) {
        org.hl7.fhir.r4.model.ServiceRequest request = new org.hl7.fhir.r4.model.ServiceRequest();
        request.setId(nextId("draft"));
        request.setStatus(org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestStatus.DRAFT);
        request.setIntent(org.hl7.fhir.r4.model.ServiceRequest.ServiceRequestIntent.ORDER);
        request.setSubject(subject);
        request.setCode(new CodeableConcept(new Coding(system, code, null)));
        return request;
    }

    public PatientFixture procedure(String system, String code, LocalDate day) {
        org.hl7.fhir.r4.model.Procedure procedure = new org.hl7.fhir.r4.model.Procedure();
        procedure.setId(nextId("proc"));
        procedure.setStatus(org.hl7.fhir.r4.model.Procedure.ProcedureStatus.COMPLETED);
        procedure.setSubject(subject);
        procedure.setCode(new CodeableConcept(new Coding(system, code, null)));
        procedure.setPerformed(new DateTimeType(date(day)));
        resources.add(procedure);
        return this;
    }

    public PatientFixture bloodPressure(LocalDate day, int systolic, int diastolic) {
        Observation bp = new Observation();
        bp.setId(nextId("bp"));
        bp.setStatus(Observation.ObservationStatus.FINAL);
        bp.setSubject(subject);
        bp.setCode(new CodeableConcept(new Coding(LOINC, "85354-9", "Blood pressure panel")));
        bp.setEffective(new DateTimeType(date(day)));
        bp.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8480-6", null)))
                .setValue(new Quantity().setValue(systolic).setUnit("mm[Hg]"));
        bp.addComponent().setCode(new CodeableConcept(new Coding(LOINC, "8462-4", null)))
                .setValue(new Quantity().setValue(diastolic).setUnit("mm[Hg]"));
        resources.add(bp);
        return this;
    }

    public PatientFixture allergy(String text) {
        AllergyIntolerance record = new AllergyIntolerance();
        record.setId(nextId("ai"));
        record.setPatient(subject);
        record.setType(AllergyIntolerance.AllergyIntoleranceType.ALLERGY);
        record.setCode(new CodeableConcept().setText(text));
        resources.add(record);
        return this;
    }

    /** Two adequate trials of different SSRIs, both nonresponse, ended before the current one: TRD. */
    public PatientFixture twoFailedTrials() {
        takes("citalopram", "2556", 20, daysAgo(400)).until(daysAgo(320));
        phq9(daysAgo(399), 20).phq9(daysAgo(325), 18);
        takes("escitalopram", "321988", 20, daysAgo(250)).until(daysAgo(170));
        return phq9(daysAgo(249), 21).phq9(daysAgo(175), 17);
    }

    public PatientFixture failedTrials(int count) {
        String[][] drugs = {{"citalopram", "2556", "20"}, {"escitalopram", "321988", "20"}, {"paroxetine", "32937", "20"},
                {"venlafaxine", "39786", "150"}, {"duloxetine", "72625", "60"}};
        for (int i = 0; i < count; i++) {
            int start = 1000 - i * 150;
            takes(drugs[i][0], drugs[i][1], Double.parseDouble(drugs[i][2]), daysAgo(start)).until(daysAgo(start - 80));
            phq9(daysAgo(start - 1), 20).phq9(daysAgo(start - 75), 18);
        }
        return this;
    }

    // --- outputs ---

    public List<Resource> resources() {
        return List.copyOf(resources);
    }

    public PatientData data() {
        PatientData.Builder builder = PatientData.forPatient(id);
        resources.forEach(builder::add);
        return builder.build();
    }

    public PatientData dataWith(Resource... extra) {
        PatientData.Builder builder = PatientData.forPatient(id);
        resources.forEach(builder::add);
        for (Resource resource : extra) {
            builder.add(resource);
        }
        return builder.build();
    }

    /** A searchset Bundle per prefetch key of the service, as an EHR would answer the templates. */
    public Map<String, Object> prefetchFor(ServiceDefinition service) {
        Map<String, Object> prefetch = new TreeMap<>();
        service.prefetch().forEach((key, template) -> {
            if (template.resourceType().equals("Patient")) {
                prefetch.put(key, json(resources.get(0)));
            } else {
                Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
                resources.stream().filter(r -> r.fhirType().equals(template.resourceType()))
                        .forEach(r -> bundle.addEntry().setFullUrl(r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r));
                bundle.setTotal(bundle.getEntry().size());
                prefetch.put(key, json(bundle));
            }
        });
        return prefetch;
    }

    public static Object json(Resource resource) {
        return Json.parse(FHIR.newJsonParser().encodeResourceToString(resource));
    }

    public static Bundle bundleOf(Resource... resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Resource resource : resources) {
            bundle.addEntry().setFullUrl(resource.fhirType() + "/" + resource.getIdElement().getIdPart()).setResource(resource);
        }
        return bundle;
    }
}
