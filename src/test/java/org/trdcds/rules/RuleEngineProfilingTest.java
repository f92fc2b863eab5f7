package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.trdcds.testing.PatientFixture.daysAgo;

import ca.uhn.fhir.context.FhirContext;
import java.time.ZoneOffset;
import java.util.Set;
import org.hl7.elm.r1.ExpressionDef;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.execution.Profile;
import org.trdcds.testing.Cql;
import org.trdcds.testing.PatientFixture;

/**
 * The engine profile behind {@link CqlCostReport}: on only when asked for (it slows every call), and then it
 * counts what the engine evaluated, define by define, each named by its library (the engine's names, see
 * {@link MergedLibraries}).
 */
class RuleEngineProfilingTest {

    @Test
    void theServersEngineKeepsNoProfile() {
        Cql.evaluate("PHQ9Scores", PatientFixture.patient().phq9(daysAgo(3), 12).data(), "Latest PHQ-9");
        assertThat(Cql.ENGINE.profile()).isNull();
    }

    @Test
    void aProfilingEngineCountsEachDefineItEvaluated() {
        RuleEngine engine = new RuleEngine(FhirContext.forR4Cached(), Cql.CONTENT.valueSets(), true);
        PatientFixture patient = PatientFixture.patient().phq9(daysAgo(30), 20).phq9(daysAgo(3), 12);
        for (int call = 0; call < 3; call++) {
            engine.evaluate("PHQ9Scores", Set.of("Latest PHQ-9"), patient.data(), PatientFixture.TODAY, ZoneOffset.UTC);
        }
        Profile.Node latest = find(engine.profile().getTree(), "PHQ9Scores.Latest PHQ-9");
        assertThat(latest).isNotNull();
        assertThat(latest.getCount()).isEqualTo(3);
        assertThat(latest.getMisses()).isEqualTo(3); // computed once per call: the cache does not outlive a call
        assertThat(find(latest, "PHQ9Scores.PHQ-9 Totals")).isNotNull();
    }

    private static Profile.Node find(Profile.Node node, String define) {
        for (var byExpression : node.getChildren().values()) {
            for (Profile.Node child : byExpression.values()) {
                if (child.getExpression() instanceof ExpressionDef def && def.getName().equals(define)) {
                    return child;
                }
                Profile.Node below = find(child, define);
                if (below != null) {
                    return below;
                }
            }
        }
        return null;
    }
}
