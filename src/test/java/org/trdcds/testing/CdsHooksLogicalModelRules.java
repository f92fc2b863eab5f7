package org.trdcds.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of HL7's CDS Hooks logical models (CDSHooksResponse, CDSHooksRequest, CDSHooksFeedback, in
 * the CDS Hooks specification's StructureDefinitions) for the JSON a service answers and receives. Each
 * check returns the broken rules, each named by its id: the invariants by their keys ({@code cds-resp-1}
 * ... {@code cds-resp-7}, {@code cds-r-1}, {@code cds-r-2}, {@code cds-fb-1} ... {@code cds-fb-3}), the
 * cardinalities and required bindings by the logical model's element path.
 */
public final class CdsHooksLogicalModelRules {

    /** One broken rule: its id, where in the JSON, and what is wrong. */
    public record Violation(String rule, String path, String message) {
        @Override
        public String toString() {
            return rule + " at " + path + ": " + message;
        }
    }

    static final Set<String> INDICATORS = Set.of("info", "warning", "critical");
    static final Set<String> SELECTION_BEHAVIORS = Set.of("at-most-one", "any");
    static final Set<String> ACTION_SELECTION_BEHAVIORS = Set.of("all", "any", "at-most-one");
    static final Set<String> ACTION_TYPES = Set.of("create", "update", "delete");
    static final Set<String> LINK_TYPES = Set.of("absolute", "smart");
    static final Set<String> OUTCOMES = Set.of("accepted", "overridden");
    static final int SUMMARY_LIMIT = 140;

    private final List<Violation> violations = new ArrayList<>();

    private CdsHooksLogicalModelRules() {}

    // --- CDSHooksResponse ---

    /** The rules of a CDS service response ({@code {"cards": [...], "systemActions": [...]}}). */
    public static List<Violation> response(JsonNode response) {
        CdsHooksLogicalModelRules rules = new CdsHooksLogicalModelRules();
        if (rules.require(response.isObject(), "CDSHooksResponse", "$", "the response is a JSON object")
                && rules.require(response.path("cards").isArray(), "CDSHooksResponse.cards", "$.cards",
                        "cards is present, as an array (empty when there is nothing to say)")) {
            JsonNode cards = response.get("cards");
            for (int i = 0; i < cards.size(); i++) {
                rules.card(cards.get(i), "$.cards[" + i + "]");
            }
        }
        JsonNode systemActions = response.path("systemActions");
        for (int i = 0; i < systemActions.size(); i++) {
            rules.action(systemActions.get(i), "$.systemActions[" + i + "]");
        }
        return List.copyOf(rules.violations);
    }

    private void card(JsonNode card, String at) {
        if (card.has("uuid")) {
            require(isUuid(card.get("uuid")), "CDSHooksResponse.cards.uuid", at + ".uuid", "a UUID");
        }
        JsonNode summary = card.path("summary");
        if (require(summary.isTextual() && !summary.asText().isBlank(), "CDSHooksResponse.cards.summary", at + ".summary",
                "summary is required")) {
            require(summary.asText().length() < SUMMARY_LIMIT, "CDSHooksResponse.cards.summary", at + ".summary",
                    "under 140 characters, is " + summary.asText().length());
        }
        require(isOneOf(INDICATORS, card.path("indicator")), "CDSHooksResponse.cards.indicator",
                at + ".indicator", "required, one of info | warning | critical, is " + card.path("indicator"));
        JsonNode source = card.path("source");
        if (require(source.isObject(), "CDSHooksResponse.cards.source", at + ".source", "source is required")) {
            require(isNonBlank(source.path("label")), "CDSHooksResponse.cards.source.label", at + ".source.label",
                    "label is required");
            if (source.has("url")) {
                require(isAbsoluteUrl(source.get("url")), "CDSHooksResponse.cards.source.url", at + ".source.url",
                        "an absolute URL");
            }
            if (source.has("icon")) {
                require(isAbsoluteUrl(source.get("icon")), "CDSHooksResponse.cards.source.icon", at + ".source.icon",
                        "an absolute URL");
            }
            if (source.has("topic")) {
                coding(source.get("topic"), "CDSHooksResponse.cards.source.topic", at + ".source.topic");
            }
        }
        if (card.has("detail")) {
            require(card.get("detail").isTextual(), "CDSHooksResponse.cards.detail", at + ".detail", "markdown text");
        }
        if (card.has("selectionBehavior")) {
            require(isOneOf(SELECTION_BEHAVIORS, card.get("selectionBehavior")),
                    "CDSHooksResponse.cards.selectionBehavior", at + ".selectionBehavior",
                    "at-most-one | any, is " + card.get("selectionBehavior"));
        }
        JsonNode suggestions = card.path("suggestions");
        require(suggestions.isEmpty() || card.has("selectionBehavior"), "cds-resp-6", at + ".selectionBehavior",
                "If suggestions are present, selectionBehavior MUST also be provided");
        if ("at-most-one".equals(card.path("selectionBehavior").asText())) {
            int recommended = 0;
            for (JsonNode suggestion : suggestions) {
                recommended += suggestion.path("isRecommended").asBoolean(false) ? 1 : 0;
            }
            require(recommended <= 1, "cds-resp-1", at + ".suggestions",
                    "only one suggestion can be recommended if selectionBehavior = at-most-one, " + recommended + " are");
        }
        for (int i = 0; i < suggestions.size(); i++) {
            suggestion(suggestions.get(i), at + ".suggestions[" + i + "]");
        }
        JsonNode reasons = card.path("overrideReasons");
        for (int i = 0; i < reasons.size(); i++) {
            String reasonAt = at + ".overrideReasons[" + i + "]";
            require(isNonBlank(reasons.get(i).path("display")), "cds-resp-4", reasonAt,
                    "the CDS Service MUST populate a display value for each reason's Coding");
            coding(reasons.get(i), "CDSHooksResponse.cards.overrideReasons", reasonAt);
        }
        JsonNode links = card.path("links");
        for (int i = 0; i < links.size(); i++) {
            link(links.get(i), at + ".links[" + i + "]");
        }
    }

    private void suggestion(JsonNode suggestion, String at) {
        require(isNonBlank(suggestion.path("label")), "CDSHooksResponse.cards.suggestions.label", at + ".label",
                "label is required");
        if (suggestion.has("uuid")) {
            require(isUuid(suggestion.get("uuid")), "CDSHooksResponse.cards.suggestions.uuid", at + ".uuid", "a UUID");
        }
        if (suggestion.has("isRecommended")) {
            require(suggestion.get("isRecommended").isBoolean(), "CDSHooksResponse.cards.suggestions.isRecommended",
                    at + ".isRecommended", "a boolean");
        }
        JsonNode behavior = suggestion.path("actionSelectionBehavior");
        require(behavior.isMissingNode() || isOneOf(ACTION_SELECTION_BEHAVIORS, behavior), "cds-resp-7",
                at + ".actionSelectionBehavior", "actionSelectionBehavior must be 'all', 'any', or 'at-most-one'");
        JsonNode actions = suggestion.path("actions");
        for (int i = 0; i < actions.size(); i++) {
            String actionAt = at + ".actions[" + i + "]";
            require(isNonBlank(actions.get(i).path("description")), "cds-resp-5", actionAt + ".description",
                    "All suggestion actions must have a description");
            action(actions.get(i), actionAt);
        }
    }

    private void action(JsonNode action, String at) {
        String type = action.path("type").asText("");
        require(isOneOf(ACTION_TYPES, action.path("type")), "CDSHooksResponse.cards.suggestions.actions.type", at + ".type",
                "required, one of create | update | delete, is " + action.path("type"));
        if ("delete".equals(type)) {
            require(isNonBlank(action.path("resourceId")) && !action.has("resource"), "cds-resp-2", at,
                    "A resourceId not a resource must be provided when type = delete");
        } else if (ACTION_TYPES.contains(type)) {
            require(action.path("resource").isObject() && action.path("resource").has("resourceType"),
                    "CDSHooksResponse.cards.suggestions.actions.resource", at + ".resource",
                    "a FHIR resource is required when type = " + type);
        }
    }

    private void link(JsonNode link, String at) {
        require(isNonBlank(link.path("label")), "CDSHooksResponse.cards.links.label", at + ".label", "label is required");
        require(isNonBlank(link.path("url")), "CDSHooksResponse.cards.links.url", at + ".url", "url is required");
        String type = link.path("type").asText("");
        require(isOneOf(LINK_TYPES, link.path("type")), "CDSHooksResponse.cards.links.type", at + ".type",
                "required, absolute | smart, is " + link.path("type"));
        if ("absolute".equals(type)) {
            require(isAbsoluteUrl(link.path("url")), "CDSHooksResponse.cards.links.url", at + ".url",
                    "an absolute link has an absolute URL");
        }
        require("smart".equals(type) || !link.has("appContext"), "cds-resp-3", at + ".appContext",
                "AppContext only for smart Apps");
        if (link.has("autolaunchable")) {
            require(link.get("autolaunchable").isBoolean(), "CDSHooksResponse.cards.links.autolaunchable",
                    at + ".autolaunchable", "a boolean");
        }
    }

    // --- CDSHooksRequest ---

    /** The rules of a CDS service request (a hook call). */
    public static List<Violation> request(JsonNode request) {
        CdsHooksLogicalModelRules rules = new CdsHooksLogicalModelRules();
        rules.require(isNonBlank(request.path("hook")), "CDSHooksRequest.hook", "$.hook", "hook is required");
        rules.require(isUuid(request.path("hookInstance")), "CDSHooksRequest.hookInstance", "$.hookInstance",
                "hookInstance is required, a UUID");
        rules.require(request.path("context").isObject(), "CDSHooksRequest.context", "$.context", "context is required");
        if (request.has("fhirServer")) {
            rules.require(isAbsoluteUrl(request.get("fhirServer")), "CDSHooksRequest.fhirServer", "$.fhirServer",
                    "an absolute URL");
        }
        JsonNode authorization = request.path("fhirAuthorization");
        if (!authorization.isMissingNode()) {
            rules.require(request.has("fhirServer"), "cds-r-1", "$.fhirServer",
                    "if fhirAuthorization details are provided, a fhirServer SHALL be specified");
            String at = "$.fhirAuthorization";
            rules.require(isNonBlank(authorization.path("access_token")), "CDSHooksRequest.fhirAuthorization.accessToken",
                    at + ".access_token", "required");
            rules.require("Bearer".equals(authorization.path("token_type").asText()),
                    "CDSHooksRequest.fhirAuthorization.tokenType", at + ".token_type", "required, exactly Bearer");
            rules.require(authorization.path("expires_in").isIntegralNumber(), "CDSHooksRequest.fhirAuthorization.expiresIn",
                    at + ".expires_in", "required, an integer");
            rules.require(isNonBlank(authorization.path("scope")), "CDSHooksRequest.fhirAuthorization.scope",
                    at + ".scope", "required");
            rules.require(isNonBlank(authorization.path("subject")), "CDSHooksRequest.fhirAuthorization.subject",
                    at + ".subject", "required");
            rules.require(!authorization.path("scope").asText("").contains("patient/") || isNonBlank(authorization.path("patient")),
                    "cds-r-2", at + ".patient",
                    "If the granted SMART scopes include patient scopes (i.e. 'patient/'), the patient field SHOULD be populated");
        }
        return List.copyOf(rules.violations);
    }

    // --- CDSHooksFeedback ---

    /** The rules of a feedback request body ({@code {"feedback": [...]}}). */
    public static List<Violation> feedback(JsonNode body) {
        CdsHooksLogicalModelRules rules = new CdsHooksLogicalModelRules();
        if (!rules.require(body.path("feedback").isArray(), "CDSHooksFeedback.feedback", "$.feedback",
                "feedback is present, as an array")) {
            return List.copyOf(rules.violations);
        }
        JsonNode entries = body.get("feedback");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String at = "$.feedback[" + i + "]";
            rules.require(isUuid(entry.path("card")), "CDSHooksFeedback.feedback.card", at + ".card",
                    "the card's uuid is required");
            String outcome = entry.path("outcome").asText("");
            rules.require(isOneOf(OUTCOMES, entry.path("outcome")), "cds-fb-1", at + ".outcome",
                    "outcome must be 'accepted' or 'overridden', is " + entry.path("outcome"));
            rules.require(!"accepted".equals(outcome) || !entry.path("acceptedSuggestions").isEmpty(), "cds-fb-2",
                    at + ".acceptedSuggestions", "If outcome is 'accepted', acceptedSuggestions SHALL be provided");
            JsonNode accepted = entry.path("acceptedSuggestions");
            for (int j = 0; j < accepted.size(); j++) {
                rules.require(isUuid(accepted.get(j).path("id")), "CDSHooksFeedback.feedback.acceptedSuggestions.id",
                        at + ".acceptedSuggestions[" + j + "].id", "the suggestion's uuid is required");
            }
            JsonNode reason = entry.path("overrideReason");
            if (!reason.isMissingNode()) {
                rules.require(reason.has("reason") || isNonBlank(reason.path("userComment")), "cds-fb-3",
                        at + ".overrideReason", "An overrideReason must contain a reason, a userComment, or both");
                if (reason.has("reason")) {
                    rules.coding(reason.get("reason"), "CDSHooksFeedback.feedback.overrideReason.reason",
                            at + ".overrideReason.reason");
                }
            }
            rules.require(isInstant(entry.path("outcomeTimestamp")), "CDSHooksFeedback.feedback.outcomeTimestamp",
                    at + ".outcomeTimestamp", "required, an instant with a time zone");
        }
        return List.copyOf(rules.violations);
    }

    // --- shared ---

    /** A Coding: an object with a system and a code. */
    private void coding(JsonNode coding, String rule, String at) {
        require(coding.isObject() && isNonBlank(coding.path("system")) && isNonBlank(coding.path("code")), rule, at,
                "a Coding with a system and a code");
    }

    private boolean require(boolean holds, String rule, String at, String message) {
        if (!holds) {
            violations.add(new Violation(rule, at, message));
        }
        return holds;
    }

    /** A JSON string among the values of a required binding. */
    private static boolean isOneOf(Set<String> codes, JsonNode node) {
        return node.isTextual() && codes.contains(node.asText());
    }

    private static boolean isNonBlank(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank();
    }

    private static boolean isUuid(JsonNode node) {
        if (!node.isTextual()) {
            return false;
        }
        String text = node.asText().startsWith("urn:uuid:") ? node.asText().substring(9) : node.asText();
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isAbsoluteUrl(JsonNode node) {
        if (!node.isTextual()) {
            return false;
        }
        try {
            URI uri = new URI(node.asText());
            return uri.isAbsolute() && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean isInstant(JsonNode node) {
        if (!node.isTextual()) {
            return false;
        }
        try {
            OffsetDateTime.parse(node.asText());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
