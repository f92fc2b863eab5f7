package org.trdcds.rules;

import static kotlinx.io.CoreKt.buffered;
import static kotlinx.io.JvmCoreKt.asSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import kotlinx.io.Source;
import org.cqframework.cql.cql2elm.CqlCompilerException;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.LibrarySourceProvider;
import org.cqframework.cql.cql2elm.ModelManager;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.elm.serializing.ElmJsonLibraryWriter;
import org.hl7.elm.r1.VersionedIdentifier;

/**
 * Build-time CQL to ELM compiler. Maven runs it after {@code compile}: every library in {@code cql/}
 * (and the FHIRHelpers it includes) is translated, a translation error fails the build, and the ELM
 * JSON lands in {@code target/classes/elm/}, which is all the server reads at run time.
 *
 * <p>With {@code --libraries=DIR} it also (re)writes the FHIR Library resources that publish the CQL
 * and ELM ({@code fhir-resources/library/Library-<Name>.json}); a test fails when those are stale.
 *
 * <p>Usage: {@code CqlCompiler <cqlDir> <elmOutDir> [--libraries=<dir>]}
 */
public final class CqlCompiler {

    private final Path cqlDir;

    CqlCompiler(Path cqlDir) {
        this.cqlDir = cqlDir;
    }

    public static void main(String[] rawArgs) throws IOException {
        String[] args = java.util.Arrays.stream(rawArgs).filter(a -> !a.isBlank()).toArray(String[]::new);
        if (args.length != 2 && !(args.length == 3 && args[2].startsWith("--libraries="))) {
            System.err.println("usage: CqlCompiler <cqlDir> <elmOutDir> [--libraries=<dir>]");
            System.exit(2);
        }
        CqlCompiler compiler = new CqlCompiler(Path.of(args[0]));
        Map<String, CompiledCql> compiled;
        try {
            compiled = compiler.compileAll();
        } catch (CqlTranslationFailed e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Path elmOut = Path.of(args[1]);
        Files.createDirectories(elmOut);
        for (CompiledCql library : compiled.values()) {
            Files.writeString(elmOut.resolve(library.name() + ".json"), library.elmJson());
        }
        System.out.println("[trd-cds] translated " + compiled.size() + " CQL libraries to " + elmOut);
        if (args.length == 3) {
            new LibraryResourceWriter(Path.of(args[2].substring("--libraries=".length()))).writeAll(compiled);
        }
    }

    /** One translated library: its name and version, CQL text (null for FHIRHelpers) and ELM JSON. */
    record CompiledCql(String name, String version, String cql, String elmJson) {}

    /** Translates every {@code .cql} file in the directory, plus what they include. */
    Map<String, CompiledCql> compileAll() throws IOException {
        LibraryManager libraryManager = new LibraryManager(new ModelManager(), CqlOptions.compilerOptions());
        libraryManager.getLibrarySourceLoader().registerProvider(new DirectorySource());
        List<String> problems = new ArrayList<>();
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.list(cqlDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".cql")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.cql$", "");
                sources.put(name, Files.readString(file));
                List<CqlCompilerException> errors = new ArrayList<>();
                libraryManager.resolveLibrary(new VersionedIdentifier().withId(name), errors);
                for (CqlCompilerException error : errors) {
                    if (error.getSeverity() == CqlCompilerException.ErrorSeverity.Error) {
                        problems.add(describe(file, error));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new CqlTranslationFailed("CQL translation failed:\n  " + String.join("\n  ", problems));
        }
        ElmJsonLibraryWriter writer = new ElmJsonLibraryWriter();
        Map<String, CompiledCql> result = new TreeMap<>();
        for (CompiledLibrary library : libraryManager.getCompiledLibraries().values()) {
            String name = library.getIdentifier().getId();
            result.put(name, new CompiledCql(name, library.getIdentifier().getVersion(),
                    sources.get(name), writer.writeAsString(library.getLibrary())));
        }
        return result;
    }

    private static String describe(Path file, CqlCompilerException error) {
        var locator = error.getLocator();
        String where = locator == null ? file.getFileName().toString()
                : file.getFileName() + ":" + locator.getStartLine() + ":" + locator.getStartChar();
        return where + " " + error.getMessage();
    }

    /** Serves {@code cql/<Name>.cql} to the translator for includes. */
    private final class DirectorySource implements LibrarySourceProvider {
        @Override
        public Source getLibrarySource(VersionedIdentifier id) {
            Path file = cqlDir.resolve(id.getId() + ".cql");
            if (!Files.exists(file)) {
                return null;
            }
            try {
                return buffered(asSource(new ByteArrayInputStream(Files.readAllBytes(file))));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file, e);
            }
        }
    }

    static final class CqlTranslationFailed extends RuntimeException {
        CqlTranslationFailed(String message) {
            super(message);
        }
    }
}
