package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What the compiled CQL must avoid because this CQL engine version gets it wrong. */
class EngineLimitsTest {

    /**
     * The CQL engine (4.4.0) sorts "sort by a, b" by a, then again by b, so b decides the order and a only breaks
     * its ties: the reverse of what the CQL reads (cqframework/clinical_quality_language issue 1745, open). No
     * query may sort by more than one key until that is fixed.
     */
    @Test
    void noQuerySortsByMoreThanOneKey() throws Exception {
        ObjectMapper json = new ObjectMapper();
        int sorts = 0;
        for (var library : CompiledLogic.readElmJson().entrySet()) {
            for (var sort : json.readTree(library.getValue()).findValues("sort")) {
                assertThat(sort.path("by").size()).as(library.getKey() + " sorts by " + sort.path("by")).isEqualTo(1);
                sorts++;
            }
        }
        assertThat(sorts).as("queries with a sort clause").isGreaterThan(10);
    }
}
