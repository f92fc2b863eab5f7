package org.trdcds.examples;

import ca.uhn.fhir.context.FhirContext;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseParameters;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.Resource;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.EvaluationResults;
import org.opencds.cqf.fhir.cql.EvaluationSettings;
import org.opencds.cqf.fhir.cql.LibraryEngine;
import org.opencds.cqf.fhir.cql.engine.parameters.CqlFhirParametersConverter;
import org.opencds.cqf.fhir.cr.CrSettings;
import org.opencds.cqf.fhir.cr.plandefinition.PlanDefinitionProcessor;
import org.opencds.cqf.fhir.utility.monad.Eithers;
import org.opencds.cqf.fhir.utility.repository.InMemoryFhirRepository;

/**
 * cqframework clinical-reasoning's {@code PlanDefinition/$apply} over our published content: an engine
 * we did not write, reading only what we publish. The knowledge artifacts (PlanDefinitions, Libraries,
 * ValueSets, CodeSystems) sit in its in-memory repository; the patient's data goes in as {@code $apply}'s
 * {@code data} Bundle, the way a CDS Hooks prefetch would.
 *
 * <p>What it does on its own, and so checks independently of our server: it picks the Library from the
 * PlanDefinition, translates the Library's {@code text/cql} itself (with its default translator options;
 * it ignores the published ELM), retrieves through its own repository and expands value sets from the
 * shipped ValueSets, and decides each action from its applicability condition. It shares the cqframework
 * 4.4.0 translator and engine code with our server.
 *
 * <p>Its {@code $apply} has no evaluation-date input and always evaluates at the current time; the
 * subclassed {@link LibraryEngine} below only pins that date (the examples are dated from 2026-06-01).
 */
final class ClinicalReasoningApply {

    private final FhirContext fhirContext;
    private final InMemoryFhirRepository repository;
    private final PlanDefinitionProcessor processor;
    private final LibraryEngine libraryEngine;

    /** The outcome of one {@code $apply}: the RequestGroup's actions and the errors it reported. */
    record Outcome(RequestGroup requestGroup, List<String> errors) {
        /** The actions it proposed; the engine leaves a null in the list for each action that did not apply. */
        List<RequestGroup.RequestGroupActionComponent> actions() {
            return requestGroup.getAction().stream().filter(java.util.Objects::nonNull).toList();
        }
    }

    ClinicalReasoningApply(FhirContext fhirContext, List<Resource> knowledgeArtifacts, ZonedDateTime now) {
        this.fhirContext = fhirContext;
        Bundle content = new Bundle().setType(Bundle.BundleType.COLLECTION);
        knowledgeArtifacts.forEach(resource -> content.addEntry().setResource(resource));
        this.repository = new InMemoryFhirRepository(fhirContext, content);
        EvaluationSettings settings = EvaluationSettings.getDefault(); // shares its library cache across calls
        this.processor = new PlanDefinitionProcessor(repository, CrSettings.getDefault().withEvaluationSettings(settings));
        this.libraryEngine = new PinnedClockLibraryEngine(repository, settings, now);
    }

    Outcome apply(PlanDefinition planDefinition, String patientId, Bundle data) {
        CarePlan carePlan = (CarePlan) processor.apply(Eithers.forRight3(planDefinition), "Patient/" + patientId,
                null, null, null, null, null, null, null, null, null, (IBaseBundle) data, null, libraryEngine);
        RequestGroup requestGroup = null;
        List<String> errors = new java.util.ArrayList<>();
        for (Resource contained : carePlan.getContained()) {
            if (contained instanceof RequestGroup group) {
                requestGroup = group;
            } else if (contained instanceof OperationOutcome outcome) {
                outcome.getIssue().stream()
                        .filter(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                                || issue.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
                        .forEach(issue -> errors.add(issue.getDiagnostics()));
            }
        }
        if (requestGroup == null) {
            throw new AssertionError("$apply returned no RequestGroup: "
                    + fhirContext.newJsonParser().encodeResourceToString(carePlan));
        }
        return new Outcome(requestGroup, errors);
    }

    /** clinical-reasoning's LibraryEngine, evaluating as of a fixed instant instead of now. */
    private static final class PinnedClockLibraryEngine extends LibraryEngine {
        private final ZonedDateTime now;

        PinnedClockLibraryEngine(InMemoryFhirRepository repository, EvaluationSettings settings, ZonedDateTime now) {
            super(repository, settings);
            this.now = now;
        }

        @Override
        public EvaluationResults getEvaluationResult(List<VersionedIdentifier> libraries, String subject,
                IBaseParameters parameters, Map<String, Object> rawParameters, IBaseBundle data, Set<String> expressions,
                CqlFhirParametersConverter converter, ZonedDateTime evaluationDateTime, CqlEngine engine) {
            return super.getEvaluationResult(libraries, subject, parameters, rawParameters, data, expressions, converter,
                    evaluationDateTime == null ? now : evaluationDateTime, engine);
        }
    }
}
