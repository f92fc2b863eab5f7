package org.trdcds.hooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of every non-2xx answer: an OperationOutcome with one issue, its FHIR issue code and our stable error code. */
public final class OperationOutcomes {

    static final String ERROR_CODE_SYSTEM = "http://trd-cds.org/fhir/CodeSystem/error-code";

    private OperationOutcomes() {}

    /**
     * @param status the HTTP status (5xx gives severity fatal, anything else error)
     * @param issueCode the OperationOutcome issue type (invalid, security, not-found ...)
     * @param errorCode our stable code, e.g. TRD-E040
     * @param message what the client is told
     */
    public static Map<String, Object> of(int status, String issueCode, String errorCode, String message) {
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("severity", status >= 500 ? "fatal" : "error");
        issue.put("code", issueCode);
        issue.put("details", Map.of("coding", List.of(Map.of("system", ERROR_CODE_SYSTEM, "code", errorCode)), "text", message));
        issue.put("diagnostics", errorCode + " " + message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resourceType", "OperationOutcome");
        body.put("issue", List.of(issue));
        return body;
    }
}
