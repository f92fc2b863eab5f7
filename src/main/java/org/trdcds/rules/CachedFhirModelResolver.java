package org.trdcds.rules;

import ca.uhn.fhir.context.FhirContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;

/**
 * The engine's R4 model resolver with the two lookups it repeats on every element read made cheap
 * (profile of the server under load, issue 7):
 * <ul>
 *   <li>a path such as {@code status} or {@code code.coding} was split with a freshly compiled regular
 *       expression on every read; here a path without dots or indexes goes straight to the property, and
 *       a dotted one is split by hand;</li>
 *   <li>a type name such as {@code MedicationStatementStatus} was looked up through the FHIR context,
 *       then by {@code Class.forName} guesses that fail (and throw) before one succeeds; here each name is
 *       resolved once per process. The FHIR model is fixed at build time, so the answer never changes.</li>
 * </ul>
 * Everything else, including how a property's value is read, is the engine's own code.
 */
final class CachedFhirModelResolver extends R4FhirModelResolver {

    private final Map<String, Class<?>> typesByName = new ConcurrentHashMap<>();

    CachedFhirModelResolver(FhirContext fhirContext) {
        super(fhirContext);
    }

    @Override
    public Object resolvePath(Object target, String path) {
        if (path == null || path.indexOf('[') >= 0) {
            return super.resolvePath(target, path); // indexed paths (item[0].code) keep the engine's handling
        }
        int dot = path.indexOf('.');
        if (dot < 0) {
            return resolveProperty(target, path);
        }
        Object value = target;
        int start = 0;
        while (start <= path.length()) {
            int end = dot < 0 ? path.length() : dot;
            if (end > start) {
                value = resolveProperty(value, path.substring(start, end));
            }
            start = end + 1;
            dot = path.indexOf('.', start);
        }
        return value;
    }

    @Override
    public Class<?> resolveType(String typeName) {
        Class<?> known = typesByName.get(typeName);
        if (known != null) {
            return known;
        }
        Class<?> resolved = super.resolveType(typeName); // throws for an unknown type: nothing is cached then
        if (resolved != null) {
            typesByName.put(typeName, resolved);
        }
        return resolved;
    }
}
