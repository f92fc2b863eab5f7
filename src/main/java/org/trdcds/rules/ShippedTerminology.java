package org.trdcds.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.ValueSet;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.terminology.CodeSystemInfo;
import org.opencds.cqf.cql.engine.terminology.TerminologyProvider;
import org.opencds.cqf.cql.engine.terminology.ValueSetInfo;

/**
 * Value set membership from the expansions shipped in {@code fhir-resources/vocabulary}: no terminology
 * server at run time. A value set the CQL names but the content does not ship is an error at start-up.
 */
final class ShippedTerminology implements TerminologyProvider {

    private final Map<String, Set<String>> membersByUrl = new HashMap<>();
    private final Map<String, List<Code>> expansions = new HashMap<>();

    ShippedTerminology(Iterable<ValueSet> valueSets) {
        for (ValueSet valueSet : valueSets) {
            Set<String> members = new HashSet<>();
            List<Code> codes = new ArrayList<>();
            for (ValueSet.ValueSetExpansionContainsComponent contains : valueSet.getExpansion().getContains()) {
                members.add(contains.getSystem() + "|" + contains.getCode());
                codes.add(new Code().withSystem(contains.getSystem()).withCode(contains.getCode())
                        .withDisplay(contains.getDisplay()));
            }
            membersByUrl.put(valueSet.getUrl(), members);
            expansions.put(valueSet.getUrl(), List.copyOf(codes));
        }
    }

    boolean knows(String valueSetUrl) {
        return membersByUrl.containsKey(valueSetUrl);
    }

    boolean contains(String valueSetUrl, String system, String code) {
        Set<String> members = membersByUrl.get(valueSetUrl);
        if (members == null) {
            throw new UnknownValueSetException(valueSetUrl);
        }
        return members.contains(system + "|" + code);
    }

    @Override
    public boolean in(Code code, ValueSetInfo valueSet) {
        return contains(valueSet.getId(), code.getSystem(), code.getCode());
    }

    @Override
    public Iterable<Code> expand(ValueSetInfo valueSet) {
        List<Code> codes = expansions.get(valueSet.getId());
        if (codes == null) {
            throw new UnknownValueSetException(valueSet.getId());
        }
        return codes;
    }

    @Override
    public Code lookup(Code code, CodeSystemInfo codeSystem) {
        return null;
    }

    static final class UnknownValueSetException extends IllegalStateException {
        UnknownValueSetException(String url) {
            super("TRD-E010 value set not shipped in fhir-resources/vocabulary: " + url);
        }
    }
}
