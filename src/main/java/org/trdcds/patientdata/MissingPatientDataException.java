package org.trdcds.patientdata;

import java.util.List;
import java.util.Map;
import org.trdcds.content.ServiceDefinition.PrefetchTemplate;

/** Data the service needs was neither prefetched nor fetchable (TRD-E031, HTTP 412). */
public final class MissingPatientDataException extends RuntimeException {

    private final List<String> missingKeys;

    public MissingPatientDataException(List<String> missingKeys, Map<String, PrefetchTemplate> declared, boolean fetchTried) {
        super((fetchTried ? "Required data was not prefetched and could not be fetched from the request's fhirServer: "
                : "Required data was not prefetched and the request names no fhirServer to fetch it from: ")
                + String.join(", ", missingKeys.stream().map(k -> k + " (" + declared.get(k).query() + ")").toList()));
        this.missingKeys = List.copyOf(missingKeys);
    }

    public List<String> missingKeys() {
        return missingKeys;
    }
}
