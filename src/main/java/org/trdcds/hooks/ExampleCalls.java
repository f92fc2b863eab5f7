package org.trdcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.trdcds.content.ContentCatalog;
import org.trdcds.content.ServiceDefinition;

/**
 * The example hook calls shipped in the jar ({@code fhir-resources/examples/*.request.json}, on the classpath as {@code example-calls/}), answered the
 * way an HTTP call is answered, from the JSON body to the JSON cards, but without the network. The server
 * runs them before it reports ready, so that the first real call finds every step loaded and compiled.
 * <p>The warm-up also answers one larger call per service: the service's first example with the prefetched
 * resources of every example added, as one patient's (about 150 resources, most of them observations, where each
 * example has 5 to 20; a typical chart has about 100). Warmed on the small examples alone, the JIT had compiled
 * the engine for short lists: in the benchmark (two starts each), the first call for a patient of ~100 resources
 * took 103 and 206 ms and calls 2-10 a median of 70 and 93 ms; with the larger calls, 71 and 96 ms, and 49 and
 * 54 ms (issue 7).
 */
@Component
public final class ExampleCalls {

    private final HookCalls calls;
    private final ObjectMapper json;
    private final JsonBodies bodies;
    private final List<Example> examples = new ArrayList<>();
    private final List<Example> merged = new ArrayList<>();

    private record Example(String name, byte[] body, ServiceDefinition service) {}

    ExampleCalls(ContentCatalog content, HookCalls calls, ObjectMapper json, JsonBodies bodies) {
        this.bodies = bodies;
        this.calls = calls;
        this.json = json;
        List<JsonNode> trees = new ArrayList<>(); // each example's body, parsed once
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:example-calls/*.request.json")) {
                byte[] body;
                try (InputStream in = resource.getInputStream()) {
                    body = in.readAllBytes();
                }
                JsonNode tree = json.readTree(body);
                trees.add(tree);
                String hook = tree.path("hook").asText();
                ServiceDefinition service = content.services().stream().filter(s -> s.hook().equals(hook)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("TRD-E001 no service answers the example's hook " + hook));
                examples.add(new Example(resource.getFilename(), body, service));
            }
            mergeExamples(trees);
        } catch (IOException e) {
            throw new UncheckedIOException("TRD-E001 cannot read the example calls", e);
        }
    }

    /** One call per service with an example: its first example, with every example's prefetched resources. */
    private void mergeExamples(List<JsonNode> trees) throws IOException {
        Set<ServiceDefinition> merging = new LinkedHashSet<>();
        for (int i = 0; i < examples.size(); i++) {
            if (merging.add(examples.get(i).service())) {
                ObjectNode call = (ObjectNode) trees.get(i).deepCopy();
                addEveryExamplesResources(call, trees, i);
                merged.add(new Example("merged " + examples.get(i).service().id(), json.writeValueAsBytes(call), examples.get(i).service()));
            }
        }
    }

    /**
     * Adds to each prefetch Bundle of {@code call} the entries of the same key in every other example, their
     * references to a patient pointing at the call's patient (the server drops another patient's resources).
     */
    private static void addEveryExamplesResources(ObjectNode call, List<JsonNode> trees, int self) {
        String patient = "Patient/" + call.path("context").path("patientId").asText();
        call.path("prefetch").fields().forEachRemaining(key -> {
            if (!(key.getValue() instanceof ObjectNode bundle) || !"Bundle".equals(bundle.path("resourceType").asText())) {
                return;
            }
            ArrayNode entries = bundle.withArray("entry");
            for (int other = 0; other < trees.size(); other++) {
                if (other != self) {
                    for (JsonNode entry : trees.get(other).path("prefetch").path(key.getKey()).path("entry")) {
                        JsonNode copy = entry.deepCopy();
                        pointAt(copy, patient);
                        entries.add(copy);
                    }
                }
            }
            bundle.put("total", entries.size());
        });
    }

    /** Sets every {@code reference} to a Patient in the tree to {@code patient}. */
    private static void pointAt(JsonNode node, String patient) {
        if (node instanceof ObjectNode object && object.path("reference").asText().startsWith("Patient/")) {
            object.put("reference", patient);
        }
        node.forEach(child -> pointAt(child, patient));
    }

    /** How many examples there are. */
    public int count() {
        return examples.size();
    }

    /** Answers every example once; returns the number of cards written. */
    int answerAll() {
        return answer(examples);
    }

    /** The warm-up's round: every example, then one larger call per service (see above); returns the cards written. */
    public int warmUp() {
        return answer(examples) + answer(merged);
    }

    /** The larger calls, one per service: their JSON bodies by service id. */
    Map<String, byte[]> mergedCalls() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        merged.forEach(call -> bodies.put(call.service().id(), call.body()));
        return bodies;
    }

    private int answer(List<Example> toAnswer) {
        int cards = 0;
        for (Example example : toAnswer) {
            try {
                JsonNode body = bodies.readTree(example.body());
                HookRequest request = HookContexts.read(body, example.service().hook());
                CardsResponse response = new CardsResponse(calls.answer(example.service(), request));
                json.writeValueAsBytes(response);
                cards += response.cards().size();
            } catch (IOException e) {
                throw new UncheckedIOException("TRD-E001 example " + example.name() + " is not readable", e);
            }
        }
        return cards;
    }
}
