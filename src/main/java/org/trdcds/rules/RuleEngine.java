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
 * compiled), the FHIR model resolver and the terminology are built once. Engines are reused call after call:
 * an evaluation takes the idle engine that finished last, whichever thread serves the call, so the first calls
 * after start-up take the engine the warm-up used, and there are no more engines than calls evaluated at once.
 * An engine's resolved function references survive, while the results and data of the previous patient are
 * dropped when an evaluation starts and ends. An engine that failed is dropped.
 */
public final class RuleEngine {

    private static final String FHIR_MODEL_URI = "http://hl7.org/fhir";

    private final CompiledLogic logic;
    private final R4FhirModelResolver modelResolver;
    private final ShippedTerminology terminology;
    /** Engines not evaluating; the one that finished last first. */
    private final java.util.concurrent.ConcurrentLinkedDeque<WarmEngine> idle = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final EnumSet<CqlEngine.Options> engineOptions;

    public RuleEngine(FhirContext fhirContext, Collection<ValueSet> valueSets) {
        this(fhirContext, valueSets, false);
    }

    /**
     * With {@code profiling}, each engine also records how long every define and function took and
     * how often it ran ({@link #profile()}; the cost report in the tests). Never in the server: it slows every call.
     */
    RuleEngine(FhirContext fhirContext, Collection<ValueSet> valueSets, boolean profiling) {
        this.engineOptions = profiling
                ? EnumSet.of(CqlEngine.Options.EnableExpressionCaching, CqlEngine.Options.EnableProfiling)
                : EnumSet.of(CqlEngine.Options.EnableExpressionCaching);
        this.logic = new CompiledLogic();
        this.modelResolver = new CachedFhirModelResolver(fhirContext);
        this.terminology = new ShippedTerminology(valueSets);
        checkValueSetsShipped(logic.valueSetUrls());
        idle.push(newEngine()); // one engine now, so that an engine version whose private parts moved fails start-up
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
        try (Evaluation evaluation = start(data, today, zone)) {
            return evaluation.evaluate(libraryName, defines);
        }
    }

    /**
     * Starts the evaluation of one hook call, on an engine of its own until it is closed. Defines evaluated in
     * later steps of the same evaluation reuse what earlier steps computed (the engine caches expression
     * results for the patient).
     */
    public Evaluation start(PatientData data, LocalDate today, ZoneId zone) {
        WarmEngine engine = idle.poll();
        if (engine == null) {
            engine = newEngine();
        }
        engine.startPatient(data);
        return new Evaluation(engine, data.patientId(), today.atTime(12, 0).atZone(zone));
    }

    private WarmEngine newEngine() {
        PatientDataRetrieveProvider retrieves = new PatientDataRetrieveProvider(terminology, modelResolver);
        Map<String, DataProvider> providers = new LinkedHashMap<>();
        providers.put(FHIR_MODEL_URI, new CompositeDataProvider(modelResolver, retrieves));
        Environment environment = new Environment(logic.libraryManager(), providers, terminology);
        CqlEngine engine = new CqlEngine(environment, EnumSet.copyOf(engineOptions)); // each engine its own set
        useIdentityFunctionCache(engine);
        keepEveryResult(engine);
        recordNoEvaluatedResources(engine);
        return new WarmEngine(engine, retrieves);
    }

    /**
     * The engine remembers which function definition each function reference in the ELM calls, in a map
     * keyed by the reference. ELM nodes compare and hash by their whole subtree, so every lookup hashed the
     * call's argument expressions again (about a sixth of the evaluation time in the profile, issue 7).
     * The ELM is loaded once and never changes, so the node itself is the key: an identity map gives the
     * same answers without the hashing. The map is a private field of the engine's cache, replaced here
     * once per engine; if a later engine version renames it, start-up fails here rather than slowing down.
     */
    private static void useIdentityFunctionCache(CqlEngine engine) {
        replacePrivateField(engine.getCache(), "functionCache", new java.util.IdentityHashMap<>(), "function cache");
    }

    /** The engine's cache of define results becomes a {@link PatientResults}, which evicts none. */
    private static void keepEveryResult(CqlEngine engine) {
        replacePrivateField(engine.getCache(), "expressions", new PatientResults(), "define results cache");
    }

    /**
     * The engine also notes, for every define it evaluates, the set of resources its result came from,
     * and copies each define's set into the set of every define that refers to it, cached or not. The
     * server never reads these sets (the cards come from the results), and the copying grows faster than
     * the patient: each of the dozens of references to a define over all of a patient's statements copied
     * them into another hash set. Without it (issue 7, every define of each service, in process): a
     * 2,000-resource patient 116-150 -> 72-77 ms and 53 -> 41 MB allocated per evaluation; ~100 resources
     * 3.4 -> 2.9 MB. The engine keeps the sets on a private stack; here that stack hands out one set that
     * stays empty, so the engine's code runs as before and notes nothing. If a later engine version
     * renames the stack, start-up fails here rather than slowing down.
     */
    private static void recordNoEvaluatedResources(CqlEngine engine) {
        replacePrivateField(engine.getState(), "evaluatedResourceStack", new UnrecordedResources(), "evaluated-resource stack");
    }

    /** Sets a private field of one of the engine's objects; fails (TRD-E001) when this engine version has no such field. */
    private static void replacePrivateField(Object owner, String field, Object value, String what) {
        try {
            var declared = owner.getClass().getDeclaredField(field);
            declared.setAccessible(true);
            declared.set(owner, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("TRD-E001 the CQL engine's " + what + " is not where this version expects it", e);
        }
    }

    /** A stack of evaluated-resource sets where every set pushed is the same set that stays empty. */
    static final class UnrecordedResources extends java.util.ArrayDeque<Set<Object>> {
        static final Set<Object> NOTHING = new java.util.AbstractSet<>() {
            @Override
            public java.util.Iterator<Object> iterator() {
                return java.util.Collections.emptyIterator();
            }

            @Override
            public int size() {
                return 0;
            }

            @Override
            public boolean add(Object resource) {
                return false;
            }

            @Override
            public boolean addAll(Collection<?> resources) {
                return false;
            }
        };

        @Override
        public void push(Set<Object> ignored) {
            super.push(NOTHING);
        }
    }

    /**
     * What the idle engine that finished last recorded so far, when built for profiling; null otherwise (the
     * cost report evaluates on one thread, one call at a time, so one engine records every call).
     */
    org.opencds.cqf.cql.engine.execution.Profile profile() {
        WarmEngine engine = idle.peek();
        var debug = engine == null ? null : engine.engine.getState().getDebugResult();
        return debug == null ? null : debug.getProfile();
    }

    /** An engine with its resolved function references, and the patient it is evaluating, if any. */
    private static final class WarmEngine {
        final CqlEngine engine;
        final PatientDataRetrieveProvider retrieves;

        WarmEngine(CqlEngine engine, PatientDataRetrieveProvider retrieves) {
            this.engine = engine;
            this.retrieves = retrieves;
        }

        void startPatient(PatientData data) {
            retrieves.setPatientData(data);
            engine.getCache().getExpressions().clear(); // the previous patient's results
        }

        /** Keeps no patient data between calls: an idle engine holds no one's records. */
        void finishPatient() {
            retrieves.setPatientData(null);
            engine.getCache().getExpressions().clear();
        }
    }

    /**
     * One patient's evaluation, possibly in steps (first the card conditions, then the details of the cards
     * that apply), by one thread at a time. Close it when the call is answered: its engine then goes back to
     * the idle ones, unless it failed.
     */
    public final class Evaluation implements AutoCloseable {
        private final WarmEngine warmEngine;
        private final String patientId;
        private final java.time.ZonedDateTime asOf;
        private boolean closed;
        private boolean failed;

        private Evaluation(WarmEngine warmEngine, String patientId, java.time.ZonedDateTime asOf) {
            this.warmEngine = warmEngine;
            this.patientId = patientId;
            this.asOf = asOf;
        }

        public RuleResults evaluate(String libraryName, Set<String> defines) {
            VersionedIdentifier library = logic.identifier(libraryName);
            List<EvaluationExpressionRef> refs = defines.stream()
                    .map(define -> new EvaluationExpressionRef(MergedLibraries.qualifiedName(libraryName, define)))
                    .toList();
            EvaluationParams params = new EvaluationParams(Map.of(library, refs),
                    new Pair<>("Patient", patientId), null, null, asOf);
            if (closed || failed) {
                throw new IllegalStateException("an evaluation is used after it was closed or failed");
            }
            EvaluationResults results;
            try {
                results = warmEngine.engine.evaluate(params);
            } catch (RuntimeException e) {
                failed = true; // the engine's state is unknown now: it is dropped
                throw new RuleEvaluationException(libraryName, e);
            }
            // The engine may key an exception by the library's identifier as it resolved it, not by ours
            // (an unknown define is keyed that way): any exception fails the evaluation.
            if (results.hasExceptions()) {
                failed = true;
                throw new RuleEvaluationException(libraryName, results.getExceptions().values().iterator().next());
            }
            EvaluationResult result = results.getResultFor(library);
            if (result == null) {
                throw new RuleEvaluationException(libraryName, new IllegalStateException("the engine returned no result"));
            }
            // one map of the results by name: the engine's get(name) builds that map again on every call
            Map<String, ExpressionResult> byName = result.getExpressionResults();
            Map<String, Object> values = new LinkedHashMap<>();
            for (String define : defines) {
                ExpressionResult expressionResult = byName.get(MergedLibraries.qualifiedName(libraryName, define));
                values.put(define, expressionResult == null ? null : CqlValues.toJava(expressionResult.getValue()));
            }
            return new RuleResults(values);
        }

        /** The engine this evaluation runs on (for the tests of engine reuse). */
        CqlEngine engine() {
            return warmEngine.engine;
        }

        /**
         * How many resources this evaluation's engine has noted as read, for the define it is evaluating and in
         * the results it has cached: none, ever (see recordNoEvaluatedResources).
         */
        int resourcesNotedAsRead() {
            CqlEngine engine = warmEngine.engine;
            int noted = engine.getState().getEvaluatedResources().size();
            for (var byLibrary : engine.getCache().getExpressions().values()) {
                for (ExpressionResult cached : byLibrary.values()) {
                    noted += cached.getEvaluatedResources() == null ? 0 : cached.getEvaluatedResources().size();
                }
            }
            return noted;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            warmEngine.finishPatient();
            if (!failed) {
                idle.push(warmEngine);
            }
        }
    }

    /** The engine could not evaluate the logic for this patient (TRD-E020). */
    public static final class RuleEvaluationException extends RuntimeException {
        RuleEvaluationException(String library, Throwable cause) {
            super("TRD-E020 evaluating " + library + " failed: " + cause.getMessage(), cause);
        }
    }
}
