package org.trdcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.trdcds.cards.Card;
import org.trdcds.cards.CardFactory;
import org.trdcds.content.ServiceDefinition;
import org.trdcds.patientdata.FhirServerAccess;
import org.trdcds.patientdata.PatientData;
import org.trdcds.patientdata.PatientDataGatherer;
import org.trdcds.rules.RuleEngine;
import org.trdcds.rules.RuleResults;
import org.trdcds.system.ClinicalClock;

/**
 * One service call, step by step: the hook's context resources, the patient's data, the CQL, the cards.
 */
@org.springframework.stereotype.Component
final class HookCalls {

    private final PatientDataGatherer gatherer;
    private final RuleEngine rules;
    private final CardFactory cards;
    private final ClinicalClock clock;
    private final boolean allowHttpFhirServer;

    HookCalls(PatientDataGatherer gatherer, RuleEngine rules, CardFactory cards, ClinicalClock clock,
              @org.springframework.beans.factory.annotation.Value("${trd.fetch.allow-http:false}") boolean allowHttpFhirServer) {
        this.gatherer = gatherer;
        this.rules = rules;
        this.cards = cards;
        this.clock = clock;
        this.allowHttpFhirServer = allowHttpFhirServer;
    }

    List<Card> answer(ServiceDefinition service, HookRequest request) {
        List<Resource> contextResources = contextResources(service, request);
        String patientId = request.patientId();
        if (service.triggerCondition() != null && !triggered(service, patientId, contextResources)) {
            return List.of();
        }
        PatientData data = gatherer.gather(patientId, service.prefetch(), request.prefetch(), contextResources,
                fhirServerAccess(request));
        // From here on nothing reads the request, so once this method is compiled the collector may free its
        // JSON while the CQL runs (for a large patient, more heap than the parsed resources).
        // First the conditions; then the evidence and suggestions of only the cards that apply.
        RuleResults all;
        try (RuleEngine.Evaluation evaluation = rules.start(data, clock.today(), clock.zone())) {
            RuleResults results = evaluation.evaluate(service.library(), service.conditions());
            java.util.Set<String> details = new java.util.LinkedHashSet<>();
            service.rules().stream().filter(rule -> results.isTrue(rule.condition())).forEach(rule -> details.addAll(rule.detailDefines()));
            all = details.isEmpty() ? results : results.with(evaluation.evaluate(service.library(), details));
        }
        return cards.cardsFor(service, all, patientId);
    }

    /**
     * Whether the hook's event concerns the service at all (its trigger condition, such as "the completed
     * questionnaire is a PHQ-9"), decided in CQL over the context resources alone, so that nothing is fetched
     * for a call that gets no cards. A context resource of another patient is dropped here as it is later.
     */
    private boolean triggered(ServiceDefinition service, String patientId, List<Resource> contextResources) {
        PatientData context = gatherer.gather(patientId, Map.of(), null, contextResources, null);
        String condition = service.triggerCondition();
        return rules.evaluate(service.library(), Set.of(condition), context, clock.today(), clock.zone()).isTrue(condition);
    }

    /**
     * Resources the hook's context adds to the patient's data: the draft orders (for order-select,
     * only the selected ones), or the completed questionnaire; parsed here, once for the whole call.
     */
    private List<Resource> contextResources(ServiceDefinition service, HookRequest request) {
        List<Resource> resources = new ArrayList<>();
        JsonNode context = request.context();
        switch (service.hook()) {
            case HookContexts.ORDER_SIGN ->
                    resources.add(gatherer.parse(draftOrders(context.get("draftOrders"), null), "context.draftOrders"));
            case HookContexts.ORDER_SELECT -> {
                Set<String> selections = new HashSet<>();
                context.get("selections").forEach(s -> selections.add(s.asText()));
                resources.add(gatherer.parse(draftOrders(context.get("draftOrders"), selections), "context.draftOrders"));
            }
            case HookContexts.QUESTIONNAIRE_COMPLETED -> {
                JsonNode json = context.get("questionnaireResponse");
                if (!(gatherer.parse(json, "context.questionnaireResponse") instanceof QuestionnaireResponse response)) {
                    throw new BadRequestException("context.questionnaireResponse is not a QuestionnaireResponse");
                }
                String status = response.hasStatus() ? response.getStatus().toCode() : "none";
                if (!status.equals("completed") && !status.equals("amended")) {
                    throw new BadRequestException("context.questionnaireResponse has status '" + status
                            + "'; only completed or amended questionnaires are judged");
                }
                resources.add(response);
            }
            default -> { }
        }
        return resources;
    }

    /**
     * The request's FHIR server and bearer token, when it names one. Only {@code https} servers, unless
     * {@code trd.fetch.allow-http} is set for local tests.
     */
    private FhirServerAccess fhirServerAccess(HookRequest request) {
        if (request.fhirServer() == null) {
            return null;
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(request.fhirServer());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("'fhirServer' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new BadRequestException("'fhirServer' must be an absolute https URL");
        }
        if (scheme.equals("http") && !allowHttpFhirServer) {
            throw new BadRequestException("'fhirServer' must use https (trd.fetch.allow-http is false)");
        }
        String token = null;
        JsonNode authorization = request.fhirAuthorization();
        if (authorization != null && !authorization.isNull()) {
            JsonNode accessToken = authorization.get("access_token");
            if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isBlank()) {
                throw new BadRequestException("'fhirAuthorization.access_token' is missing or not a string");
            }
            token = accessToken.asText();
        }
        return new FhirServerAccess(request.fhirServer(), token);
    }

    /** The draftOrders Bundle, keeping only the selected entries when selections are given. */
    private JsonNode draftOrders(JsonNode bundle, Set<String> selections) {
        if (!"Bundle".equals(bundle.path("resourceType").asText())) {
            throw new BadRequestException("context.draftOrders must be a FHIR Bundle");
        }
        if (selections == null) {
            return bundle;
        }
        var copy = bundle.deepCopy();
        var entries = ((com.fasterxml.jackson.databind.node.ObjectNode) copy).putArray("entry");
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            String reference = resource.path("resourceType").asText() + "/" + resource.path("id").asText();
            if (selections.contains(reference)) {
                entries.add(entry);
            }
        }
        return copy;
    }
}
