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
}
