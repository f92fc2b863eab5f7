package org.trdcds.hooks;

/** No CDS service has this id (TRD-E041, HTTP 404). */
final class UnknownServiceException extends RuntimeException {
    UnknownServiceException(String id) {
        super("no CDS service with id '" + id + "'; GET /cds-services lists them");
    }
}
