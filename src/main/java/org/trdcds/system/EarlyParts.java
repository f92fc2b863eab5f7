package org.trdcds.system;

import ca.uhn.fhir.context.FhirContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.trdcds.content.ContentCatalog;
import org.trdcds.rules.RuleEngine;

/**
 * The parts of the pipeline that take longest to build and read no configuration (the FHIR context, the
 * content catalog and the compiled CQL), built on a thread of their own from the moment Spring has configured
 * logging (its environment-prepared event), while Spring goes on on the other core (issue 7, start to ready).
 * {@link TrdConfiguration}'s beans take them from here. Without {@link #begin()} (a test that starts Spring
 * itself) each is built when its bean is.
 * A part that failed fails its bean with the same exception, so the start-up stops with its reason.
 */
public final class EarlyParts {

    /** The FHIR context is HAPI's cached one: {@code FhirContext.forR4Cached()} gives every caller that instance. */
    record Parts(ContentCatalog content, RuleEngine rules) {
        static Parts build() {
            FhirContext fhirContext = FhirContext.forR4Cached();
            ContentCatalog content = new ContentCatalog(fhirContext);
            return new Parts(content, new RuleEngine(fhirContext, content.valueSets()));
        }
    }

    private static final EarlyParts PROCESS = new EarlyParts(Parts::build);

    private final Supplier<Parts> builder;
    private volatile CompletableFuture<Parts> building;

    EarlyParts(Supplier<Parts> builder) {
        this.builder = builder;
    }

    /**
     * Starts building this process's parts; the server calls it once Spring has configured logging
     * ({@code ApplicationEnvironmentPreparedEvent}).
     */
    public static void begin() {
        PROCESS.start();
    }

    static EarlyParts process() {
        return PROCESS;
    }

    synchronized void start() {
        if (building != null) {
            return;
        }
        CompletableFuture<Parts> parts = new CompletableFuture<>();
        building = parts;
        Thread thread = new Thread(() -> {
            try {
                parts.complete(builder.get());
            } catch (Throwable e) {
                parts.completeExceptionally(e);
            }
        }, "early-parts");
        thread.setDaemon(true);
        thread.start();
    }

    ContentCatalog content(Supplier<ContentCatalog> otherwise) {
        return part(Parts::content, otherwise);
    }

    RuleEngine rules(Supplier<RuleEngine> otherwise) {
        return part(Parts::rules, otherwise);
    }

    /** The part built early, waiting for it if it is still being built; built by {@code otherwise} if nothing was begun. */
    private <T> T part(Function<Parts, T> which, Supplier<T> otherwise) {
        CompletableFuture<Parts> parts = building;
        if (parts == null) {
            return otherwise.get();
        }
        try {
            return which.apply(parts.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
