package org.trdcds.patientdata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bearer token goes only to URLs under the request's fhirServer; searches are valid URLs. */
class FhirServerFetcherTest {

    @Test
    void urlsUnderTheBaseAreFollowedOthersAreNot() {
        String base = "https://ehr.example.org/fhir";
        assertThat(FhirServerFetcher.isUnder(base, "https://ehr.example.org/fhir?_getpages=abc&_getpagesoffset=2")).isTrue();
        assertThat(FhirServerFetcher.isUnder(base, "https://ehr.example.org/fhir/Observation?patient=1&page=2")).isTrue();
        assertThat(FhirServerFetcher.isUnder(base + "/", "https://ehr.example.org/fhir/Observation?page=2")).isTrue();
        assertThat(FhirServerFetcher.isUnder(base, "https://ehr.example.org/fhir-other/Observation")).isFalse();
        assertThat(FhirServerFetcher.isUnder(base, "https://ehr.example.org.evil.example/fhir/Observation")).isFalse();
        assertThat(FhirServerFetcher.isUnder(base, "http://ehr.example.org/fhir/Observation")).isFalse();
    }

    @Test
    void templatesAreJoinedToTheBase() {
        assertThat(FhirServerFetcher.join("https://ehr.example.org/fhir", "Patient/1")).isEqualTo("https://ehr.example.org/fhir/Patient/1");
        assertThat(FhirServerFetcher.join("https://ehr.example.org/fhir/", "Patient/1")).isEqualTo("https://ehr.example.org/fhir/Patient/1");
    }

    @Test
    void searchValuesArePercentEncoded() {
        assertThat(FhirServerFetcher.encodeQuery("Observation?patient=p-1&code=http://loinc.org|44261-6,http://loinc.org|44260-8"))
                .isEqualTo("Observation?patient=p-1&code=http%3A%2F%2Floinc.org%7C44261-6%2Chttp%3A%2F%2Floinc.org%7C44260-8");
        assertThat(FhirServerFetcher.encodeQuery("Patient/p-1")).isEqualTo("Patient/p-1");
        assertThat(FhirServerFetcher.encodeQuery("Condition?patient=p 1&_count")).isEqualTo("Condition?patient=p+1&_count");
    }
}
