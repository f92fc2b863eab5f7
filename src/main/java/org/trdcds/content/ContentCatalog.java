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
import java.util.Optional;
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

/**
 * The content in {@code fhir-resources/} (on the classpath): PlanDefinitions become CDS services, their
 * Libraries give the prefetch templates, ValueSets give the terminology. Read once at start-up; a
 * PlanDefinition that does not fit the shape the server understands stops the start-up with its reason.
 */
public final class ContentCatalog {

    static final String CARD_TOPIC_SYSTEM = "http://trd-cds.org/fhir/CodeSystem/card-topic";

    private final Map<String, ServiceDefinition> services = new LinkedHashMap<>();
    private final Map<String, ValueSet> valueSets = new LinkedHashMap<>();
    private final Map<String, Library> libraries = new HashMap<>();

    public ContentCatalog(FhirContext fhirContext) {
        IParser parser = fhirContext.newJsonParser();
        List<PlanDefinition> planDefinitions = new ArrayList<>();
        for (Resource resource : readAll(parser)) {
            if (resource instanceof PlanDefinition planDefinition) {
                planDefinitions.add(planDefinition);
            } else if (resource instanceof ValueSet valueSet) {
                valueSets.put(valueSet.getUrl(), valueSet);
            } else if (resource instanceof Library library) {
                libraries.put(library.getUrl(), library);
            }
        }
        planDefinitions.sort(java.util.Comparator.comparing(p -> p.getIdElement().getIdPart()));
        PrefetchTemplates prefetch = new PrefetchTemplates(valueSets);
        for (PlanDefinition planDefinition : planDefinitions) {
            ServiceDefinition service = toService(planDefinition, prefetch);
            services.put(service.id(), service);
        }
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

    private static List<Resource> readAll(IParser parser) {
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

    private ServiceDefinition toService(PlanDefinition plan, PrefetchTemplates prefetch) {
        String id = plan.getIdElement().getIdPart();
        if (plan.getLibrary().size() != 1) {
            throw new ContentException("PlanDefinition " + id + " must name exactly one Library");
        }
        Library library = library(plan.getLibrary().get(0).getValue(), id);
        String hook = null;
        List<CardRule> rules = new ArrayList<>();
        for (PlanDefinitionActionComponent action : plan.getAction()) {
            String actionHook = hookOf(action, id);
            if (hook != null && !hook.equals(actionHook)) {
                throw new ContentException("PlanDefinition " + id + " mixes hooks " + hook + " and " + actionHook);
            }
            hook = actionHook;
            rules.add(toRule(action, id));
        }
        if (hook == null) {
            throw new ContentException("PlanDefinition " + id + " has no actions");
        }
        return new ServiceDefinition(id, hook, plan.getTitle(), plan.getDescription(), library.getName(),
                prefetch.forLibrary(library), List.copyOf(rules));
    }

    private Library library(String canonical, String planId) {
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        Library library = libraries.get(url);
        if (library == null) {
            throw new ContentException("PlanDefinition " + planId + " names Library " + canonical + ", which is not shipped");
        }
        return library;
    }

    private static String hookOf(PlanDefinitionActionComponent action, String planId) {
        for (TriggerDefinition trigger : action.getTrigger()) {
            if (trigger.getType() == TriggerDefinition.TriggerType.NAMEDEVENT && trigger.hasName()) {
                return trigger.getName();
            }
        }
        throw new ContentException("PlanDefinition " + planId + " action " + action.getId() + " has no named-event trigger");
    }

    private static CardRule toRule(PlanDefinitionActionComponent action, String planId) {
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
        return new CardRule(topic.getCode(), topic.getDisplay(), indicatorOf(action, where),
                action.getConditionFirstRep().getExpression().getExpression(),
                CardTemplate.parse(action.getTitle()), CardTemplate.parse(action.getDescription()),
                List.copyOf(citations));
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
