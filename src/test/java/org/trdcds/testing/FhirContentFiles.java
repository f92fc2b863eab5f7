package org.trdcds.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of {@code fhir-resources/}, as they lie in the repository. Everything there is a FHIR R4
 * resource, except the CDS Hooks JSON of the examples (requests, expected responses, feedback), which
 * the contract ("Files") keeps out of FHIR validation. The examples' patient Bundles are FHIR.
 */
public final class FhirContentFiles {

    public static final Path ROOT = Path.of("fhir-resources");
    public static final Path EXAMPLES = ROOT.resolve("examples");
    private static final List<String> CDS_HOOKS_SUFFIXES =
            List.of(".request.json", ".expected-response.json", ".feedback.json");

    private FhirContentFiles() {}

    /** Every JSON file that must be a valid FHIR R4 resource, sorted, relative to the project root. */
    public static List<Path> fhirResources() {
        return jsonFiles(ROOT).stream().filter(file -> !isCdsHooksJson(file)).toList();
    }

    /** The content the server runs (PlanDefinitions, Libraries, vocabulary): no examples. */
    public static List<Path> content() {
        return fhirResources().stream().filter(file -> !file.startsWith(EXAMPLES)).toList();
    }

    /** CDS Hooks JSON of the examples with the given suffix, e.g. {@code .expected-response.json}. */
    public static List<Path> examples(String suffix) {
        return jsonFiles(EXAMPLES).stream().filter(file -> file.getFileName().toString().endsWith(suffix)).toList();
    }

    static boolean isCdsHooksJson(Path file) {
        String name = file.getFileName().toString();
        return file.startsWith(EXAMPLES) && CDS_HOOKS_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    private static List<Path> jsonFiles(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
