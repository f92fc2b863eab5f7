package org.trdcds.hooks;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.trdcds.feedback.FeedbackUnavailableException;
import org.trdcds.patientdata.InvalidPatientDataException;
import org.trdcds.patientdata.MissingPatientDataException;

/**
 * Every failure becomes an HTTP status with an OperationOutcome body. Client faults are 4xx; a 500 means
 * a defect of ours, logged with its stack trace (never with patient data).
 */
@RestControllerAdvice
class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<Map<String, Object>> badRequest(BadRequestException e) {
        return outcome(HttpStatus.BAD_REQUEST, "invalid", "TRD-E040", e.getMessage());
    }

    @ExceptionHandler(InvalidFeedbackException.class)
    ResponseEntity<Map<String, Object>> invalidFeedback(InvalidFeedbackException e) {
        return outcome(HttpStatus.BAD_REQUEST, "invalid", "TRD-E060", e.getMessage());
    }

    @ExceptionHandler(InvalidTimeWindowException.class)
    ResponseEntity<Map<String, Object>> invalidWindow(InvalidTimeWindowException e) {
        return outcome(HttpStatus.BAD_REQUEST, "invalid", "TRD-E062", e.getMessage());
    }

    /** The database is down or unreachable: the client may retry; what was acknowledged before is kept. */
    @ExceptionHandler(FeedbackUnavailableException.class)
    ResponseEntity<Map<String, Object>> feedbackUnavailable(FeedbackUnavailableException e) {
        log.error("TRD-E061 feedback database unavailable: {}", e.getCause() == null ? "" : e.getCause().getClass().getSimpleName());
        return outcome(HttpStatus.SERVICE_UNAVAILABLE, "transient", "TRD-E061", e.getMessage());
    }

    @ExceptionHandler(InvalidPatientDataException.class)
    ResponseEntity<Map<String, Object>> invalidData(InvalidPatientDataException e) {
        return outcome(HttpStatus.BAD_REQUEST, "structure", "TRD-E030", e.getMessage());
    }

    @ExceptionHandler(MissingPatientDataException.class)
    ResponseEntity<Map<String, Object>> missingData(MissingPatientDataException e) {
        return outcome(HttpStatus.PRECONDITION_FAILED, "incomplete", "TRD-E031", e.getMessage());
    }

    @ExceptionHandler({UnknownServiceException.class, NoResourceFoundException.class})
    ResponseEntity<Map<String, Object>> notFound(Exception e) {
        return outcome(HttpStatus.NOT_FOUND, "not-found", "TRD-E041", e.getMessage());
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<Map<String, Object>> tooLarge(BodyTooLargeException e) {
        return outcome(HttpStatus.PAYLOAD_TOO_LARGE, "too-long", "TRD-E042", e.getMessage());
    }

    @ExceptionHandler(UnsupportedMediaTypeException.class)
    ResponseEntity<Map<String, Object>> mediaType(UnsupportedMediaTypeException e) {
        return outcome(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-supported", "TRD-E043", e.getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> springMediaType(HttpMediaTypeNotSupportedException e) {
        return outcome(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-supported", "TRD-E043", e.getMessage());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return outcome(HttpStatus.METHOD_NOT_ALLOWED, "not-supported", "TRD-E044", e.getMessage());
    }

    /** Too much patient data is being evaluated at once (in-flight budget): the client may retry. */
    @ExceptionHandler(ServerBusyException.class)
    ResponseEntity<Map<String, Object>> busy(ServerBusyException e) {
        log.warn("TRD-E045 server busy: a call waited for the in-flight budget and was turned away");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(OperationOutcomes.of(HttpStatus.SERVICE_UNAVAILABLE.value(), "transient", "TRD-E045", e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> defect(Exception e) {
        log.error("TRD-E099 unexpected failure answering a request", e);
        return outcome(HttpStatus.INTERNAL_SERVER_ERROR, "exception", "TRD-E099",
                "the service failed unexpectedly; the failure is logged as TRD-E099");
    }

    static ResponseEntity<Map<String, Object>> outcome(HttpStatus status, String issueCode, String errorCode, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(OperationOutcomes.of(status.value(), issueCode, errorCode, message));
    }
}
