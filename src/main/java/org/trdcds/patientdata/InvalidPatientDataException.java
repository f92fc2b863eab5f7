package org.trdcds.patientdata;

/** Something the EHR sent as patient data is not valid FHIR R4 for its place (TRD-E030, HTTP 400). */
public final class InvalidPatientDataException extends RuntimeException {
    public InvalidPatientDataException(String message) {
        super(message);
    }
}
