package org.trdcds.patientdata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bearer token goes only to URLs under the request's fhirServer. */
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
}
