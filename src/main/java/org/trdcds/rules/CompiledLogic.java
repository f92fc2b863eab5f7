package org.trdcds.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.ModelManager;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.elm.serializing.ElmJsonLibraryReader;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.VersionedIdentifier;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The ELM the build produced ({@code classpath:elm/*.json}), loaded once into a library manager whose
 * cache already holds every library: the engine never translates CQL at run time, and a library that
 * is not in the cache fails loudly instead of being compiled. Each library is held joined with everything
 * it includes ({@link MergedLibraries}), so its defines are known to the engine by qualified names.
 */
final class CompiledLogic {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LibraryManager libraryManager;
    private final Map<String, VersionedIdentifier> identifiers = new TreeMap<>();
    private final Set<String> valueSetUrls = new TreeSet<>();

    CompiledLogic() {
        Map<String, Library> qualified = new TreeMap<>();
        ElmJsonLibraryReader reader = new ElmJsonLibraryReader();
        try {
            for (String json : readElmJson().values()) {
                JsonNode elm = JSON.readTree(json);
                MergedLibraries.qualifyNames(elm);
                Library library = reader.read(JSON.writeValueAsString(elm));
                qualified.put(library.getIdentifier().getId(), library);
                if (library.getValueSets() != null) {
                    library.getValueSets().getDef().forEach(def -> valueSetUrls.add(def.getId()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("TRD-E001 cannot read the compiled ELM", e);
        }
        if (qualified.isEmpty()) {
            throw new IllegalStateException("TRD-E001 no compiled ELM on the classpath (elm/*.json): was the build run?");
        }
        Map<VersionedIdentifier, CompiledLibrary> cache = new ConcurrentHashMap<>();
        for (Library library : qualified.values()) {
            CompiledLibrary compiled = new CompiledLibrary();
            compiled.setLibrary(MergedLibraries.join(library, qualified));
            compiled.setIdentifier(library.getIdentifier());
            VersionedIdentifier id = new VersionedIdentifier()
                    .withId(library.getIdentifier().getId())
                    .withVersion(library.getIdentifier().getVersion());
            cache.put(id, compiled);
            identifiers.put(id.getId(), id);
        }
        libraryManager = new LibraryManager(new ModelManager(), CqlOptions.compilerOptions(), cache);
        libraryManager.getLibrarySourceLoader().clearProviders();
    }

    LibraryManager libraryManager() {
        return libraryManager;
    }

    VersionedIdentifier identifier(String libraryName) {
        VersionedIdentifier id = identifiers.get(libraryName);
        if (id == null) {
            throw new IllegalArgumentException("TRD-E002 no compiled library named " + libraryName);
        }
        return id;
    }

    /** Every value set URL the libraries declare. */
    Set<String> valueSetUrls() {
        return valueSetUrls;
    }

    /**
     * The build's ELM as JSON by library name (its file name), read from the classpath on each call: the
     * running server keeps only the parsed libraries, not 2.4 MB of text.
     */
    static Map<String, String> readElmJson() throws IOException {
        Map<String, String> elm = new TreeMap<>();
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:elm/*.json")) {
            try (InputStream in = resource.getInputStream()) {
                elm.put(resource.getFilename().replaceFirst("\\.json$", ""), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return elm;
    }
}
