package org.trdcds.rules;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildChoiceDefinition;
import ca.uhn.fhir.context.RuntimeChildPrimitiveDatatypeDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseEnumeration;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.opencds.cqf.cql.engine.fhir.exception.UnknownType;
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
 *   <li>an element such as {@code Observation.value} was found by looking up the class's definition in the
 *       FHIR context and then the child by name (or, for {@code valueQuantity}, by scanning the choice
 *       elements); here the child definition is found once per class and name.</li>
 * </ul>
 * <p>It also starts faster: the engine's resolver makes the FHIR context scan all 146 R4 resource types when
 * it is built (1.3 s and about a thousand model classes loaded, start-up profile of issue 7). This one scans
 * the resource types our CQL retrieves; a type name it then cannot resolve triggers the engine's full scan,
 * once, so every name resolves as it does in the engine.
 * <p>Element reads follow the engine's rules (and {@code CachedFhirModelResolverTest} compares them path by
 * path); primitives, enumerations, conversions to CQL values and everything else are the engine's own code.
 */
final class CachedFhirModelResolver extends R4FhirModelResolver {

    private final Map<String, Class<?>> typesByName = new ConcurrentHashMap<>();
    private boolean scannedAll;
    /**
     * Per Java class of FHIR composite, its children found so far by the name the CQL uses; null for a class this
     * resolver leaves to the engine (a primitive, an enumeration, anything not FHIR). Decided once per class so
     * the hot path asks no {@code instanceof} of an interface: under load the line with those checks took 5% of
     * the server's CPU (JFR, issue 7), most likely each thread overwriting the class's one-entry cache of the
     * last interface it was checked against.
     */
    private final ClassValue<Map<String, Optional<ChildRead>>> childrenByClass = new ClassValue<>() {
        @Override
        protected Map<String, Optional<ChildRead>> computeValue(Class<?> type) {
            boolean composite = IBase.class.isAssignableFrom(type) && !IPrimitiveType.class.isAssignableFrom(type)
                    && !IBaseEnumeration.class.isAssignableFrom(type);
            return composite ? new ConcurrentHashMap<>() : null;
        }
    };

    /** How to read one child of a composite by the name the CQL uses, decided once. */
    private record ChildRead(BaseRuntimeChildDefinition child, boolean primitive, boolean repeats, String choiceTypeName) {
        static ChildRead of(BaseRuntimeChildDefinition child, String name) {
            String choiceTypeName = child instanceof RuntimeChildChoiceDefinition choice && !choice.getElementName().equalsIgnoreCase(name)
                    ? choice.getChildByName(name).getImplementingClass().getSimpleName() : null;
            return new ChildRead(child, child instanceof RuntimeChildPrimitiveDatatypeDefinition, child.getMax() < 1, choiceTypeName);
        }
    }

    /** The resource types the logic retrieves ({@code CachedFhirModelResolverTest} keeps this in step with the ELM). */
    static final List<String> RETRIEVED_TYPES = List.of("AllergyIntolerance", "Condition", "MedicationRequest",
            "MedicationStatement", "Observation", "Patient", "Procedure", "QuestionnaireResponse", "ServiceRequest");

    CachedFhirModelResolver(FhirContext fhirContext) {
        super(fhirContext);
    }

    /** Called by the engine's constructor, before this class's fields exist: uses none of them. */
    @Override
    protected void initialize() {
        // The engine also registers its own subclass of HAPI's uuid type here, which its full scan replaces with
        // HAPI's or not, depending on scan order; we leave HAPI's, the class a parsed uuid has.
        FhirContext context = getFhirContext();
        for (String type : RETRIEVED_TYPES) {
            context.getResourceDefinition(type);
        }
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

    /**
     * Reads one element, as the engine's resolver does: no value (or a primitive without a value) is null, a
     * repeating element is the list, a choice element named by type ({@code valueQuantity}) is null unless
     * its value has that type. Primitives, enumerations and a resource's own type name keep the engine's code.
     */
    @Override
    protected Object resolveProperty(Object target, String path) {
        Map<String, Optional<ChildRead>> children = target == null ? null : childrenByClass.get(target.getClass());
        if (children == null || path.isEmpty() || Character.isUpperCase(path.charAt(0))) {
            return super.resolveProperty(target, path);
        }
        IBase base = (IBase) target;
        Optional<ChildRead> known = children.get(path); // get first: computeIfAbsent may lock the bin
        if (known == null) {
            known = children.computeIfAbsent(path, name -> Optional.ofNullable(findChild(base, name))
                    .map(child -> ChildRead.of(child, name)));
        }
        ChildRead read = known.orElse(null);
        if (read == null) {
            return null;
        }
        List<? extends IBase> values = read.child().getAccessor().getValues(base);
        if (values == null || values.isEmpty()) {
            return null;
        }
        IBase first = values.get(0);
        if (read.primitive() && !hasValue(first)) {
            return null;
        }
        if (read.choiceTypeName() != null && !first.getClass().getSimpleName().equalsIgnoreCase(read.choiceTypeName())) {
            return null;
        }
        // The engine would pass this through toJavaPrimitive(value, target), which returns the value unchanged
        // when the target is a composite: only primitive targets (dateTime, id...) are converted there.
        return read.repeats() ? values : first;
    }

    /** R4's primitives all extend PrimitiveType (a class check, cheap); the interface check stays for any other. */
    private static boolean hasValue(IBase primitive) {
        if (primitive instanceof PrimitiveType<?> r4) {
            return r4.hasValue();
        }
        return !(primitive instanceof IPrimitiveType<?> other) || other.hasValue();
    }

    private synchronized void scanAllResourceTypes() {
        if (!scannedAll) {
            super.initialize();
            scannedAll = true;
        }
    }

    private BaseRuntimeChildDefinition findChild(IBase base, String name) {
        BaseRuntimeElementCompositeDefinition<?> definition = resolveRuntimeDefinition(base);
        BaseRuntimeChildDefinition child = definition.getChildByName(name);
        return child != null ? child : resolveChoiceProperty(definition, name);
    }

    @Override
    public Class<?> resolveType(String typeName) {
        Class<?> known = typesByName.get(typeName);
        if (known != null) {
            return known;
        }
        Class<?> resolved;
        try {
            resolved = super.resolveType(typeName);
        } catch (UnknownType e) {
            // Some code types (ActivityDefinitionKind...) are known only once a resource using them is scanned:
            // scan every type as the engine does, once, then ask again (throws for a type that does not exist).
            scanAllResourceTypes();
            resolved = super.resolveType(typeName);
        }
        if (resolved != null) {
            typesByName.put(typeName, resolved);
        }
        return resolved;
    }
}
