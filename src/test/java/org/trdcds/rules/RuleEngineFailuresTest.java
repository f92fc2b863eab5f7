package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.trdcds.testing.Cql;
import org.trdcds.testing.PatientFixture;

/** An evaluation that fails is a named failure (TRD-E020), never a null pointer or a silent null. */
class RuleEngineFailuresTest {

    @Test
    void aDefineTheLibraryDoesNotHaveIsANamedFailure() {
        // the engine keys this exception by its own library identifier, not by the one we pass
        assertThatThrownBy(() -> Cql.evaluate("TRDPatientView", PatientFixture.patient().data(), "Is There No Such Define?"))
                .isInstanceOf(RuleEngine.RuleEvaluationException.class)
                .hasMessageStartingWith("TRD-E020 evaluating TRDPatientView failed")
                .hasMessageContaining("Is There No Such Define?");
    }
}
