package org.trdcds.content;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.trdcds.testing.FhirContentFiles;

/** The shipped content of {@code fhir-resources/} read from the repository, for the shape tests. */
final class PublishedArtifacts {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    private PublishedArtifacts() {}

    static <T extends Resource> T read(Path file, Class<T> type) {
        try {
            return type.cast(FHIR.newJsonParser().parseResource(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> filesUnder(String folder) {
        return FhirContentFiles.content().stream()
                .filter(file -> file.startsWith(FhirContentFiles.ROOT.resolve(folder))).toList();
    }

    /** Shipped Libraries by canonical URL. */
    static Map<String, Library> libraries() {
        Map<String, Library> libraries = new TreeMap<>();
        filesUnder("library").forEach(file -> {
            Library library = read(file, Library.class);
            libraries.put(library.getUrl(), library);
        });
        return libraries;
    }

    static Set<String> valueSetUrls() {
        return FhirContentFiles.content().stream().map(file -> read(file, Resource.class))
                .filter(ValueSet.class::isInstance).map(r -> ((ValueSet) r).getUrl()).collect(Collectors.toSet());
    }

    static CodeSystem codeSystem(String url) {
        return FhirContentFiles.content().stream().map(file -> read(file, Resource.class))
                .filter(r -> r instanceof CodeSystem cs && url.equals(cs.getUrl())).map(CodeSystem.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("CodeSystem " + url + " is not shipped"));
    }
}
