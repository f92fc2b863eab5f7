package org.trdcds.content;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.PlanDefinition.PlanDefinitionActionComponent;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.TriggerDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.trdcds.rules.ElmDataRequirements;

/**
 * The content in {@code fhir-resources/} (on the classpath): PlanDefinitions become CDS services, their
 * Libraries give the prefetch templates, ValueSets give the terminology. Read once at start-up; a
 * PlanDefinition that does not fit the shape the server understands stops the start-up with its reason.
 */
public final class ContentCatalog {

    static final String CARD_TOPIC_SYSTEM = "http://trd-cds.org/fhir/CodeSystem/card-topic";
    /** The reasons a clinician may give for overriding a card (card.overrideReasons, feedback). */
    public static final String OVERRIDE_REASONS = "http://trd-cds.org/fhir/ValueSet/override-reasons";

    private final Map<String, ServiceDefinition> services = new LinkedHashMap<>();
    private final Map<String, ValueSet> valueSets = new LinkedHashMap<>();
    private final Map<String, ActivityDefinition> activities = new HashMap<>();

    public ContentCatalog(FhirContext fhirContext) {
        this(readAll(fhirContext.newJsonParser()));
    }

    /** The catalog of these resources (tests give it altered copies of the shipped ones). */
    ContentCatalog(List<Resource> resources) {
        List<PlanDefinition> planDefinitions = new ArrayList<>();
        // Libraries (with their ELM) and data requirements serve only to build the services: not kept.
        Map<String, Library> libraries = new HashMap<>();
        for (Resource resource : resources) {
            if (resource instanceof PlanDefinition planDefinition) {
                planDefinitions.add(planDefinition);
            } else if (resource instanceof ValueSet valueSet) {
                valueSets.put(valueSet.getUrl(), valueSet);
            } else if (resource instanceof Library library) {
                libraries.put(library.getUrl(), library);
            } else if (resource instanceof ActivityDefinition activity) {
                activities.put(activity.getUrl(), activity);
            }
        }
        planDefinitions.sort(java.util.Comparator.comparing(p -> p.getIdElement().getIdPart()));
        ElmDataRequirements requirements = new ElmDataRequirements(elmOf(libraries.values()));
        this.prefetch = new PrefetchTemplates(valueSets);
        for (PlanDefinition planDefinition : planDefinitions) {
            ServiceDefinition service = toService(planDefinition, libraries, requirements);
            services.put(service.id(), service);
        }
    }

    private final PrefetchTemplates prefetch;

    /** The ELM JSON each published Library carries, by library name. */
    private static Map<String, String> elmOf(Collection<Library> libraries) {
        Map<String, String> elm = new HashMap<>();
        for (Library library : libraries) {
            for (var attachment : library.getContent()) {
                if ("application/elm+json".equals(attachment.getContentType())) {
                    elm.put(library.getName(), new String(attachment.getData(), StandardCharsets.UTF_8));
                }
            }
        }
        return elm;
    }

    public Collection<ServiceDefinition> services() {
        return services.values();
    }

    public Optional<ServiceDefinition> service(String id) {
        return Optional.ofNullable(services.get(id));
    }

    public Collection<ValueSet> valueSets() {
        return valueSets.values();
    }

    /**
     * The codes of a shipped ValueSet's expansion, in its order; a ValueSet that is not shipped, or has no
     * expansion, stops the start-up (TRD-E004).
     */
    public List<Coding> expansion(String valueSetUrl) {
        ValueSet valueSet = valueSets.get(valueSetUrl);
        if (valueSet == null || !valueSet.hasExpansion() || valueSet.getExpansion().getContains().isEmpty()) {
            throw new ContentException("ValueSet " + valueSetUrl + " is not shipped with an expansion");
        }
        List<Coding> codes = new ArrayList<>();
        valueSet.getExpansion().getContains().forEach(c -> codes.add(new Coding(c.getSystem(), c.getCode(), c.getDisplay())));
        return codes;
    }

    /** Every resource in fhir-resources/ on the classpath. */
    static List<Resource> readAll(IParser parser) {
        List<Resource> resources = new ArrayList<>();
        try {
            var resolver = new PathMatchingResourcePatternResolver();
            for (var file : resolver.getResources("classpath*:fhir-resources/**/*.json")) {
                try (InputStream in = file.getInputStream()) {
                    resources.add((Resource) parser.parseResource(new InputStreamReader(in, StandardCharsets.UTF_8)));
                } catch (RuntimeException e) {
                    throw new ContentException("cannot parse " + file.getDescription() + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("TRD-E003 cannot list fhir-resources on the classpath", e);
        }
        return resources;
    }

    private ServiceDefinition toService(PlanDefinition plan, Map<String, Library> libraries, ElmDataRequirements requirements) {
        String id = plan.getIdElement().getIdPart();
        if (plan.getLibrary().size() != 1) {
            throw new ContentException("PlanDefinition " + id + " must name exactly one Library");
        }
        Library library = library(libraries, plan.getLibrary().get(0).getValue(), id);
        String hook = null;
        String triggerCondition = null;
        List<CardRule> rules = new ArrayList<>();
        for (PlanDefinitionActionComponent action : plan.getAction()) {
            TriggerDefinition trigger = triggerOf(action, id);
            String actionCondition = triggerConditionOf(trigger, "PlanDefinition " + id + " action " + action.getId());
            if (hook != null && !(hook.equals(trigger.getName()) && Objects.equals(triggerCondition, actionCondition))) {
                throw new ContentException("PlanDefinition " + id + " mixes triggers: " + hook + " (" + triggerCondition
                        + ") and " + trigger.getName() + " (" + actionCondition + ")");
            }
            hook = trigger.getName();
            triggerCondition = actionCondition;
            rules.add(toRule(action, id));
        }
        if (hook == null) {
            throw new ContentException("PlanDefinition " + id + " has no actions");
        }
        java.util.Set<String> defines = new java.util.LinkedHashSet<>();
        rules.forEach(rule -> defines.addAll(rule.defines()));
        return new ServiceDefinition(id, hook, triggerCondition, plan.getTitle(), plan.getDescription(), library.getName(),
                prefetch.forEffective(requirements.of(library.getName(), defines)), List.copyOf(rules));
    }

    private static Library library(Map<String, Library> libraries, String canonical, String planId) {
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        Library library = libraries.get(url);
        if (library == null) {
            throw new ContentException("PlanDefinition " + planId + " names Library " + canonical + ", which is not shipped");
        }
        return library;
    }

    /** The action's named-event trigger: its name is the hook. */
    private static TriggerDefinition triggerOf(PlanDefinitionActionComponent action, String planId) {
        for (TriggerDefinition trigger : action.getTrigger()) {
            if (trigger.getType() == TriggerDefinition.TriggerType.NAMEDEVENT && trigger.hasName()) {
                return trigger;
            }
        }
        throw new ContentException("PlanDefinition " + planId + " action " + action.getId() + " has no named-event trigger");
    }

    /** The define a trigger's condition names, or null when the trigger has none. */
    private static String triggerConditionOf(TriggerDefinition trigger, String where) {
        if (!trigger.hasCondition()) {
            return null;
        }
        if (!"text/cql".equals(trigger.getCondition().getLanguage()) || !trigger.getCondition().hasExpression()) {
            throw new ContentException(where + " has a trigger condition that is not a text/cql define");
        }
        return trigger.getCondition().getExpression();
    }

    private CardRule toRule(PlanDefinitionActionComponent action, String planId) {
        String where = "PlanDefinition " + planId + " action " + action.getId();
        Coding topic = action.getCode().stream().map(CodeableConcept::getCoding).flatMap(List::stream)
                .filter(c -> CARD_TOPIC_SYSTEM.equals(c.getSystem())).findFirst()
                .orElseThrow(() -> new ContentException(where + " has no card-topic code"));
        if (action.getCondition().size() != 1
                || action.getConditionFirstRep().getKind() != PlanDefinition.ActionConditionKind.APPLICABILITY
                || !"text/cql".equals(action.getConditionFirstRep().getExpression().getLanguage())) {
            throw new ContentException(where + " needs exactly one text/cql applicability condition");
        }
        List<CardRule.Citation> citations = new ArrayList<>();
        for (RelatedArtifact artifact : action.getDocumentation()) {
            citations.add(new CardRule.Citation(artifact.getDisplay(), artifact.getUrl()));
        }
        List<SuggestionRule> suggestions = new ArrayList<>();
        for (PlanDefinitionActionComponent nested : action.getAction()) {
            suggestions.add(toSuggestion(nested, where + "/" + nested.getId()));
        }
        String selectionBehavior = null;
        if (!suggestions.isEmpty()) {
            selectionBehavior = action.hasSelectionBehavior() ? action.getSelectionBehavior().toCode() : "any";
            if (!selectionBehavior.equals("any") && !selectionBehavior.equals("at-most-one")) {
                throw new ContentException(where + " selectionBehavior must be any or at-most-one for CDS Hooks");
            }
        }
        return new CardRule(topic.getCode(), topic.getDisplay(), indicatorOf(action, where),
                dynamicValue(action, "priority"), action.getConditionFirstRep().getExpression().getExpression(),
                CardTemplate.parse(action.getTitle()), CardTemplate.parse(action.getDescription()),
                List.copyOf(citations), selectionBehavior, List.copyOf(suggestions));
    }

    private SuggestionRule toSuggestion(PlanDefinitionActionComponent nested, String where) {
        String condition = null;
        if (nested.hasCondition()) {
            if (nested.getCondition().size() != 1 || !"text/cql".equals(nested.getConditionFirstRep().getExpression().getLanguage())) {
                throw new ContentException(where + " needs at most one text/cql applicability condition");
            }
            condition = nested.getConditionFirstRep().getExpression().getExpression();
        }
        String type = nested.getType().getCoding().stream().map(Coding::getCode).findFirst().orElse("create");
        boolean recommended = nested.hasPriority() && nested.getPriority() != PlanDefinition.RequestPriority.ROUTINE;
        if ("remove".equals(type)) {
            String define = dynamicValue(nested, "resourceId");
            if (define == null) {
                throw new ContentException(where + " is a remove action without a dynamicValue for resourceId");
            }
            return new SuggestionRule(CardTemplate.parse(nested.getTitle()), condition, null, define, recommended);
        }
        ActivityDefinition activity = activities.get(nested.getDefinitionCanonicalType().getValue());
        if (activity == null) {
            throw new ContentException(where + " names ActivityDefinition " + nested.getDefinitionCanonicalType().getValue()
                    + ", which is not shipped");
        }
        return new SuggestionRule(CardTemplate.parse(nested.getTitle()), condition, activity, null, recommended);
    }

    private static String dynamicValue(PlanDefinitionActionComponent action, String path) {
        return action.getDynamicValue().stream()
                .filter(d -> path.equals(d.getPath()) && "text/cql".equals(d.getExpression().getLanguage()))
                .map(d -> d.getExpression().getExpression()).findFirst().orElse(null);
    }

    /** CDS-on-FHIR mapping of RequestGroup priority to the card indicator. */
    private static String indicatorOf(PlanDefinitionActionComponent action, String where) {
        if (!action.hasPriority()) {
            throw new ContentException(where + " has no priority (routine=info, urgent=warning, stat=critical)");
        }
        return switch (action.getPriority()) {
            case ROUTINE -> "info";
            case URGENT -> "warning";
            case ASAP, STAT -> "critical";
            default -> throw new ContentException(where + " has an unknown priority");
        };
    }

    /** The content in fhir-resources/ is not what the server can run (TRD-E004). */
    public static final class ContentException extends IllegalStateException {
        ContentException(String message) {
            super("TRD-E004 " + message);
        }
    }
}
