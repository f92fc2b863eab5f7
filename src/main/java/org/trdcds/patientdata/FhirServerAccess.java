package org.trdcds.patientdata;

/**
 * Where the hook call lets the service read more data: the request's {@code fhirServer} and the bearer token
 * of its {@code fhirAuthorization}. The token lives only as long as the call; it is never stored or logged.
 */
public record FhirServerAccess(String baseUrl, String accessToken) {

    @Override
    public String toString() {
        return "FhirServerAccess[" + baseUrl + "]";
    }
}
