package org.trdcds.rules;

import java.util.Collections;
import java.util.Map;

/** The values of the CQL defines evaluated for one hook call, converted to plain Java (see CqlValues). */
public record RuleResults(Map<String, Object> values) {

    public RuleResults {
        values = Collections.unmodifiableMap(values);
    }

    /** True only when the define evaluated to true; null and false are both "not applicable". */
    public boolean isTrue(String define) {
        return Boolean.TRUE.equals(values.get(define));
    }

    public Object value(String define) {
        return values.get(define);
    }

    /** These results and more of the same evaluation. */
    public RuleResults with(RuleResults more) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(values);
        all.putAll(more.values());
        return new RuleResults(all);
    }
}
