package org.trdcds.rules;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.hl7.elm.r1.VersionedIdentifier;
import org.opencds.cqf.cql.engine.execution.ExpressionResult;

/**
 * An engine's cache of one patient's define results, by library, in place of the engine's own. The engine's
 * keeps at most 300 results per library, least recently used first out, and computes an evicted define again,
 * with everything it refers to, the next time it is referred to. Order-sign's library joins 383 defines and a
 * call reaches up to 289 of them today (issue 7: the benchmark's patients, every define of the library): the
 * next rules would cross the limit without a sign but a slower call. Here a library's results are a plain hash
 * map that keeps them all, for one call; the engine and {@link RuleEngine} clear it between patients.
 */
final class PatientResults extends LinkedHashMap<VersionedIdentifier, Map<String, ExpressionResult>> {

    /** A library's results: the engine asks with its own bounded map as the function, which is not used. */
    @Override
    public Map<String, ExpressionResult> computeIfAbsent(VersionedIdentifier library,
            Function<? super VersionedIdentifier, ? extends Map<String, ExpressionResult>> ignored) {
        return super.computeIfAbsent(library, id -> new HashMap<>());
    }
}
