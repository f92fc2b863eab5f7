package org.trdcds.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.trdcds.testing.HttpTestSupport;

/** The warm-up answers every example call shipped in the jar, as the HTTP service answers it. */
class ExampleCallsTest extends HttpTestSupport {

    @Autowired
    ExampleCalls examples;

    @Test
    void everyExampleRequestIsOnTheClasspathAndAnswered() throws Exception {
        long requests;
        try (var files = Files.list(Path.of("fhir-resources/examples"))) {
            requests = files.filter(f -> f.getFileName().toString().endsWith(".request.json")).count();
        }
        assertThat(examples.count()).isEqualTo(requests).isGreaterThan(0);
        // the examples' expected responses hold this many cards in all (clock pinned to 2026-06-01)
        long expectedCards;
        try (var files = Files.list(Path.of("fhir-resources/examples"))) {
            expectedCards = files.filter(f -> f.getFileName().toString().endsWith(".expected-response.json"))
                    .mapToLong(f -> {
                        try {
                            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile()).path("cards").size();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).sum();
        }
        assertThat(examples.answerAll()).isEqualTo((int) expectedCards);
    }

    @Test
    void theWarmUpAlsoAnswersOneLargerCallPerServiceWithEveryExamplesDataAsItsPatients() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Set<String> hooks = new java.util.TreeSet<>();
        int observations = 0;
        try (var files = Files.list(Path.of("fhir-resources/examples"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".request.json")).toList()) {
                var request = mapper.readTree(file.toFile());
                hooks.add(request.path("hook").asText());
                observations += request.path("prefetch").path("observations").path("entry").size();
            }
        }
        java.util.Map<String, byte[]> merged = examples.mergedCalls();
        assertThat(merged).as("one per service with an example").hasSize(hooks.size());
        for (var call : merged.entrySet()) {
            var body = mapper.readTree(call.getValue());
            assertThat(body.path("prefetch").path("observations").path("entry").size()).as(call.getKey() + ": every example's observations")
                    .isEqualTo(observations).isGreaterThan(40);
            assertThat(body.path("prefetch").path("observations").path("total").asInt()).isEqualTo(observations);
            String patient = "Patient/" + body.path("context").path("patientId").asText();
            assertThat(body.findValues("reference")).as(call.getKey() + ": references to a patient name the call's")
                    .filteredOn(reference -> reference.asText().startsWith("Patient/"))
                    .isNotEmpty().allSatisfy(reference -> assertThat(reference.asText()).isEqualTo(patient));
        }
        int exampleCards = examples.answerAll();
        assertThat(examples.warmUp()).as("the larger calls are answered, with cards").isGreaterThan(exampleCards);
    }
}
