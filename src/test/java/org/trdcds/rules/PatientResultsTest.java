package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.hl7.elm.r1.VersionedIdentifier;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.execution.ExpressionResult;
import org.trdcds.testing.Cql;
import org.trdcds.testing.PatientFixture;

/** The engines' cache of a patient's define results keeps every result of the call, however many. */
class PatientResultsTest {

    private static final VersionedIdentifier ORDER_ENTRY = new VersionedIdentifier().withId("TRDOrderEntry").withVersion("0.1.0");

    /** As the engine asks for a library's results: with its own map of at most 300 in the function. */
    private static Map<String, ExpressionResult> resultsOf(Map<VersionedIdentifier, Map<String, ExpressionResult>> cache) {
        return cache.computeIfAbsent(ORDER_ENTRY, id -> new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ExpressionResult> eldest) {
                return size() > 300;
            }
        });
    }

    @Test
    void aLibraryKeepsEveryResultHoweverMany() {
        PatientResults cache = new PatientResults();
        for (int i = 0; i < 1_000; i++) {
            resultsOf(cache).put("TRDOrderEntry.Define " + i, new ExpressionResult(i, Set.of()));
        }
        assertThat(resultsOf(cache)).hasSize(1_000);
        assertThat(resultsOf(cache).get("TRDOrderEntry.Define 0").getValue()).isEqualTo(0);
        cache.clear();
        assertThat(resultsOf(cache)).isEmpty();
    }

    @Test
    void theServersEnginesUseIt() {
        try (RuleEngine.Evaluation evaluation = Cql.ENGINE.start(PatientFixture.patient().data(), PatientFixture.TODAY, ZoneOffset.UTC)) {
            assertThat(evaluation.engine().getCache().getExpressions()).isInstanceOf(PatientResults.class);
        }
    }
}
