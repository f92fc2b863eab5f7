package org.trdcds.rules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.trdcds.testing.Cql;

/** The engine refuses to start when the CQL names a value set whose expansion is not shipped. */
class RuleEngineStartupTest {

    @Test
    void aValueSetTheCqlNamesButTheContentLacksStopsTheStartUp() {
        List<ValueSet> allButBipolar = Cql.CONTENT.valueSets().stream()
                .filter(vs -> !vs.getUrl().endsWith("/bipolar-disorder")).toList();
        assertThatThrownBy(() -> new RuleEngine(FhirContext.forR4Cached(), allButBipolar))
                .hasMessageContaining("TRD-E010").hasMessageContaining("bipolar-disorder");
    }
}
