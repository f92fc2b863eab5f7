package org.trdcds.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The CDS Hooks 2.0 rules for service responses and discovery, checked field by field: HL7's logical
 * model ({@link CdsHooksLogicalModelRules}) and the contract's own (our topic system, unique uuids, no
 * null or empty members, only the card members of the specification).
 */
public final class CdsHooksRules {

    private CdsHooksRules() {}

    /** A CDS service response: {"cards": [...]} with every card well formed. */
    public static void assertValidResponse(JsonNode response) {
        assertThat(response.isObject()).as("response is an object").isTrue();
        assertThat(response.has("cards")).as("response has cards").isTrue();
        assertThat(response.get("cards").isArray()).as("cards is an array").isTrue();
        assertNoNullOrEmptyMembers(response.get("cards"), "cards");
        assertThat(CdsHooksLogicalModelRules.response(response))
                .as("CDS Hooks logical model rules (CDSHooksResponse) broken by " + response).isEmpty();
        Set<String> uuids = new HashSet<>();
        for (JsonNode card : response.get("cards")) {
            assertValidCard(card);
            assertThat(uuids.add(card.get("uuid").asText())).as("card uuids are unique").isTrue();
        }
    }

    public static void assertValidCard(JsonNode card) {
        assertThat(card.path("uuid").isTextual()).as("card.uuid is a string").isTrue();
        UUID.fromString(card.get("uuid").asText());
        assertThat(card.path("summary").isTextual()).as("card.summary is a string").isTrue();
        assertThat(card.get("summary").asText()).isNotBlank().hasSizeLessThan(140);
        assertThat(card.path("indicator").asText()).isIn("info", "warning", "critical");
        JsonNode source = card.path("source");
        assertThat(source.isObject()).as("card.source is an object").isTrue();
        assertThat(source.path("label").asText()).isNotBlank();
        JsonNode topic = source.path("topic");
        assertThat(topic.path("system").asText()).isEqualTo("http://trd-cds.org/fhir/CodeSystem/card-topic");
        assertThat(topic.path("code").asText()).isNotBlank();
        if (card.has("detail")) {
            assertThat(card.get("detail").isTextual()).isTrue();
        }
        if (card.has("selectionBehavior")) {
            assertThat(card.get("selectionBehavior").asText()).isIn("at-most-one", "any");
        }
        for (Iterator<String> names = card.fieldNames(); names.hasNext(); ) {
            assertThat(names.next()).isIn("uuid", "summary", "detail", "indicator", "source", "suggestions",
                    "selectionBehavior", "overrideReasons", "links");
        }
    }

    /** CDS Hooks JSON never carries null, nor an empty string, array or object, as an optional member. */
    public static void assertNoNullOrEmptyMembers(JsonNode node, String path) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                String where = path + "." + field.getKey();
                assertThat(value.isNull()).as(where + " is null").isFalse();
                assertThat(value.isTextual() && value.asText().isEmpty()).as(where + " is empty").isFalse();
                assertThat(value.isContainerNode() && value.isEmpty()).as(where + " is empty").isFalse();
                assertNoNullOrEmptyMembers(value, where);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertThat(node.get(i).isNull()).as(path + "[" + i + "] is null").isFalse();
                assertNoNullOrEmptyMembers(node.get(i), path + "[" + i + "]");
            }
        }
    }

    /** The topic codes of the cards, in order. */
    public static java.util.List<String> topics(JsonNode response) {
        java.util.List<String> topics = new java.util.ArrayList<>();
        response.path("cards").forEach(card -> topics.add(card.path("source").path("topic").path("code").asText()));
        return topics;
    }
}
