package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published Library resources carry the CQL and ELM of {@code cql/}: regenerated here from the
 * sources, they must equal the committed files byte for byte. When this fails, republish with
 * {@code mvn process-classes -Dtrd.libraries.args=--libraries=fhir-resources/library} and commit.
 */
class LibraryResourcesTest {

    static final Path PUBLISHED = Path.of("fhir-resources/library");

    @Test
    void publishedLibrariesAreCurrentWithCql(@TempDir Path fresh) throws Exception {
        var compiled = new CqlCompiler(Path.of("cql")).compileAll();
        new LibraryResourceWriter(fresh).writeAll(compiled);
        List<String> expected = names(fresh);
        assertThat(names(PUBLISHED)).as("one Library per CQL file, no strays").isEqualTo(expected);
        for (String name : expected) {
            assertThat(Files.readString(PUBLISHED.resolve(name)))
                    .as(name + " is stale: republish it from cql/ (see the class comment)")
                    .isEqualTo(Files.readString(fresh.resolve(name)));
        }
    }

    @Test
    void theServerRunsTheSameElmThatIsPublished() throws Exception {
        var compiled = new CqlCompiler(Path.of("cql")).compileAll();
        var running = CompiledLogic.readElmJson();
        assertThat(running.keySet()).containsExactlyInAnyOrderElementsOf(compiled.keySet());
        compiled.forEach((name, library) -> assertThat(running.get(name)).as(name).isEqualTo(library.elmJson()));
    }

    @Test
    void aCqlErrorFailsTranslationWithItsLocation(@TempDir Path cql) throws Exception {
        Files.writeString(cql.resolve("Broken.cql"), "library Broken version '0.1.0'\ndefine \"X\": 1 + 'a'\n");
        try {
            new CqlCompiler(cql).compileAll();
            throw new AssertionError("translation should have failed");
        } catch (CqlCompiler.CqlTranslationFailed e) {
            assertThat(e.getMessage()).contains("Broken.cql:2:");
        }
    }

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
