package org.trdcds.rules;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kotlin.Pair;
import org.hl7.elm.r1.VersionedIdentifier;
import org.opencds.cqf.cql.engine.data.CompositeDataProvider;
import org.opencds.cqf.cql.engine.data.DataProvider;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.execution.EvaluationExpressionRef;
import org.opencds.cqf.cql.engine.execution.EvaluationParams;
import org.opencds.cqf.cql.engine.execution.EvaluationResult;
import org.opencds.cqf.cql.engine.execution.EvaluationResults;
import org.opencds.cqf.cql.engine.execution.ExpressionResult;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.hl7.fhir.r4.model.ValueSet;
import org.trdcds.patientdata.PatientData;

/**
 * Runs the precompiled CQL over one patient's data. The library manager (with every library already
 * compiled), the FHIR model resolver and the terminology are built once; each evaluation gets its own
 * engine, which is cheap and keeps per-call state apart.
 */
public final class RuleEngine {

    private static final String FHIR_MODEL_URI = "http://hl7.org/fhir";

    private final CompiledLogic logic;
    private final R4FhirModelResolver modelResolver;
    private final ShippedTerminology terminology;

    public RuleEngine(FhirContext fhirContext, Collection<ValueSet> valueSets) {
        this.logic = new CompiledLogic();
        this.modelResolver = new R4FhirModelResolver(fhirContext);
        this.terminology = new ShippedTerminology(valueSets);
        checkValueSetsShipped(valueSetsNamedByTheLogic());
    }

    /** Every value set URL the compiled libraries declare. */
    private java.util.Set<String> valueSetsNamedByTheLogic() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Set<String> urls = new java.util.TreeSet<>();
        logic.elmJsonByName().forEach((name, elm) -> {
            try {
                json.readTree(elm).path("library").path("valueSets").path("def").forEach(def -> urls.add(def.path("id").asText()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("TRD-E001 unreadable ELM for " + name, e);
            }
        });
        return urls;
    }

    /** ELM JSON of every compiled library, by name (for data requirements and consistency checks). */
    public Map<String, String> elmJsonByName() {
        return logic.elmJsonByName();
    }

    /** Fails when a library names a value set whose expansion is not shipped (start-up, TRD-E010). */
    private void checkValueSetsShipped(Collection<String> valueSetUrls) {
        for (String url : valueSetUrls) {
            if (!terminology.knows(url)) {
                throw new ShippedTerminology.UnknownValueSetException(url);
            }
        }
    }

    /**
     * Evaluates the named defines of one library for the patient, as of {@code today} in {@code zone}.
     *
     * @throws RuleEvaluationException when the engine fails on any define
     */
    public RuleResults evaluate(String libraryName, Set<String> defines, PatientData data, LocalDate today, ZoneId zone) {
        return start(data, today, zone).evaluate(libraryName, defines);
    }

    /**
     * Starts the evaluation of one hook call. Defines evaluated in later steps of the same evaluation reuse
     * what earlier steps computed (the engine caches expression results for the patient).
     */
    public Evaluation start(PatientData data, LocalDate today, ZoneId zone) {
        DataProvider dataProvider = new CompositeDataProvider(modelResolver,
                new PatientDataRetrieveProvider(data, terminology, modelResolver));
        Map<String, DataProvider> providers = new LinkedHashMap<>();
        providers.put(FHIR_MODEL_URI, dataProvider);
        Environment environment = new Environment(logic.libraryManager(), providers, terminology);
        return new Evaluation(new CqlEngine(environment, EnumSet.of(CqlEngine.Options.EnableExpressionCaching)),
                data.patientId(), today.atTime(12, 0).atZone(zone));
    }

    /** One patient's evaluation, possibly in steps (first the card conditions, then the details of the cards that apply). */
    public final class Evaluation {
        private final CqlEngine engine;
        private final String patientId;
        private final java.time.ZonedDateTime asOf;

        private Evaluation(CqlEngine engine, String patientId, java.time.ZonedDateTime asOf) {
            this.engine = engine;
            this.patientId = patientId;
            this.asOf = asOf;
        }

        public RuleResults evaluate(String libraryName, Set<String> defines) {
            VersionedIdentifier library = logic.identifier(libraryName);
            List<EvaluationExpressionRef> refs = defines.stream().map(EvaluationExpressionRef::new).toList();
            EvaluationParams params = new EvaluationParams(Map.of(library, refs),
                    new Pair<>("Patient", patientId), null, null, asOf);
            EvaluationResults results = engine.evaluate(params);
            // The engine may key an exception by the library's identifier as it resolved it, not by ours
            // (an unknown define is keyed that way): any exception fails the evaluation.
            if (results.hasExceptions()) {
                throw new RuleEvaluationException(libraryName, results.getExceptions().values().iterator().next());
            }
            EvaluationResult result = results.getResultFor(library);
            if (result == null) {
                throw new RuleEvaluationException(libraryName, new IllegalStateException("the engine returned no result"));
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (String define : defines) {
                ExpressionResult expressionResult = result.get(define);
                values.put(define, expressionResult == null ? null : CqlValues.toJava(expressionResult.getValue()));
            }
            return new RuleResults(values);
        }
    }

    /** The engine could not evaluate the logic for this patient (TRD-E020). */
    public static final class RuleEvaluationException extends RuntimeException {
        RuleEvaluationException(String library, Throwable cause) {
            super("TRD-E020 evaluating " + library + " failed: " + cause.getMessage(), cause);
        }
    }
}
