package org.trdcds.system;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import org.trdcds.content.ContentCatalog;
import org.trdcds.content.ServiceDefinition;
import org.trdcds.patientdata.PatientData;
import org.trdcds.rules.RuleEngine;

/**
 * Warms the engine before the server takes calls: every service's CQL is evaluated over a synthetic
 * patient until the JIT has seen it, so the first real call pays no start-up cost. Runs while the
 * application context starts (the HTTP port opens after it), and reports the "cql" health component.
 */
@Component("cqlHealthIndicator")
class EngineWarmup implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(EngineWarmup.class);
    static final int ROUNDS = 30;
    /** Warm-up stops after this long even if the rounds are not done: start-up time is a target too. */
    static final long BUDGET_NANOS = 4_000_000_000L;

    private volatile boolean warm;

    EngineWarmup(ContentCatalog content, RuleEngine rules, ClinicalClock clock) {
        long started = System.nanoTime();
        PatientData patient = syntheticPatient(clock.today(), clock.zone());
        int rounds = 0;
        while (rounds < ROUNDS && (rounds == 0 || System.nanoTime() - started < BUDGET_NANOS)) {
            for (ServiceDefinition service : content.services()) {
                rules.evaluate(service.library(), service.defines(), patient, clock.today(), clock.zone());
            }
            rounds++;
        }
        warm = true;
        log.info("CQL engine warm: {} services x {} rounds in {} ms", content.services().size(), rounds,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public Health health() {
        return warm ? Health.up().withDetail("cql", "compiled ELM loaded, engine warm").build()
                : Health.down().withDetail("cql", "warming up").build();
    }

    /** A made-up patient on sertraline with PHQ-9 scores, enough to run every define. */
    static PatientData syntheticPatient(LocalDate today, ZoneId zone) {
        String id = "warmup";
        Reference subject = new Reference("Patient/" + id);
        PatientData.Builder data = PatientData.forPatient(id);
        Patient patient = new Patient();
        patient.setId(id);
        patient.setBirthDate(date(today.minusYears(40), zone));
        data.add(patient);
        Condition mdd = new Condition();
        mdd.setId("warmup-mdd");
        mdd.setSubject(subject);
        mdd.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "F33.1", null)));
        mdd.setOnset(new DateTimeType(date(today.minusDays(200), zone)));
        data.add(mdd);
        int[] scores = {19, 17, 14};
        int[] daysAgo = {120, 60, 5};
        for (int i = 0; i < scores.length; i++) {
            Observation total = new Observation();
            total.setId("warmup-phq9-" + i);
            total.setStatus(Observation.ObservationStatus.FINAL);
            total.setSubject(subject);
            total.setCode(new CodeableConcept(new Coding("http://loinc.org", "44261-6", null)));
            total.setEffective(new DateTimeType(date(today.minusDays(daysAgo[i]), zone)));
            total.setValue(new IntegerType(scores[i]));
            data.add(total);
        }
        MedicationStatement sertraline = new MedicationStatement();
        sertraline.setId("warmup-sertraline");
        sertraline.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        sertraline.setSubject(subject);
        sertraline.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm",
                "312940", "sertraline 100 MG Oral Tablet")));
        sertraline.setEffective(new Period().setStartElement(new DateTimeType(date(today.minusDays(118), zone))));
        Dosage dosage = sertraline.addDosage();
        dosage.setTiming(new Timing().setRepeat(new Timing.TimingRepeatComponent().setFrequency(1).setPeriod(1)
                .setPeriodUnit(Timing.UnitsOfTime.D)));
        dosage.addDoseAndRate().setDose(new Quantity().setValue(1).setUnit("tablet"));
        data.add(sertraline);
        return data.build();
    }

    private static Date date(LocalDate day, ZoneId zone) {
        return Date.from(day.atStartOfDay(zone).toInstant());
    }
}
