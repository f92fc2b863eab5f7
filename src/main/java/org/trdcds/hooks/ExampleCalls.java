package org.trdcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.trdcds.content.ContentCatalog;
import org.trdcds.content.ServiceDefinition;

/**
 * The example hook calls shipped in the jar ({@code fhir-resources/examples/*.request.json}, on the classpath as {@code example-calls/}), answered the
 * way an HTTP call is answered, from the JSON body to the JSON cards, but without the network. The server
 * runs them before it reports ready, so that the first real call finds every step loaded and compiled.
 */
@Component
public final class ExampleCalls {

    private final HookCalls calls;
    private final ObjectMapper json;
    private final JsonBodies bodies;
    private final List<Example> examples = new ArrayList<>();

    private record Example(String name, byte[] body, ServiceDefinition service) {}

    ExampleCalls(ContentCatalog content, HookCalls calls, ObjectMapper json, JsonBodies bodies) {
        this.bodies = bodies;
        this.calls = calls;
        this.json = json;
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:example-calls/*.request.json")) {
                byte[] body;
                try (InputStream in = resource.getInputStream()) {
                    body = in.readAllBytes();
                }
                String hook = json.readTree(body).path("hook").asText();
                ServiceDefinition service = content.services().stream().filter(s -> s.hook().equals(hook)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("TRD-E001 no service answers the example's hook " + hook));
                examples.add(new Example(resource.getFilename(), body, service));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("TRD-E001 cannot read the example calls", e);
        }
    }

    /** How many examples there are. */
    public int count() {
        return examples.size();
    }

    /** Answers every example once; returns the number of cards written. */
    public int answerAll() {
        int cards = 0;
        for (Example example : examples) {
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
