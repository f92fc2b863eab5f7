package org.trdcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.trdcds.content.ContentCatalog;
import org.trdcds.content.ServiceDefinition;
import org.trdcds.feedback.FeedbackEntry;
import org.trdcds.feedback.FeedbackStore;
import org.trdcds.feedback.FeedbackSummary;

/**
 * CDS Hooks 2.0 feedback (contract § Feedback): {@code POST /cds-services/{id}/feedback} stores the entries
 * (checks in the contract's order: size 413, media type 415, JSON 400, service 404, entries 400), {@code GET}
 * returns them, and {@code GET .../feedback/summary} counts them per card topic, outcome and override reason.
 * {@code from} and {@code to} (an ISO date, meaning its start in UTC, or an instant) bound the outcome times.
 */
@RestController
class FeedbackController {

    private final ContentCatalog content;
    private final JsonBodies bodies;
    private final FeedbackStore store;
    private final FeedbackRequests requests;

    FeedbackController(ContentCatalog content, JsonBodies bodies, FeedbackStore store) {
        this.content = content;
        this.bodies = bodies;
        this.store = store;
        List<org.hl7.fhir.r4.model.Coding> reasons = content.expansion(ContentCatalog.OVERRIDE_REASONS);
        this.requests = new FeedbackRequests(reasons.get(0).getSystem(),
                reasons.stream().map(org.hl7.fhir.r4.model.Coding::getCode).collect(Collectors.toSet()));
    }

    /** 200 with an empty object once every entry is stored (a repeated entry is stored once). */
    @PostMapping(path = "/cds-services/{id}/feedback", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> receive(@PathVariable("id") String id, HttpServletRequest request) throws IOException {
        JsonNode body = bodies.readObject(request);
        ServiceDefinition service = service(id);
        store.store(service.id(), requests.read(body));
        return Map.of();
    }

    @GetMapping(path = "/cds-services/{id}/feedback", produces = MediaType.APPLICATION_JSON_VALUE)
    FeedbackList list(@PathVariable("id") String id, @RequestParam(name = "from", required = false) String from,
                      @RequestParam(name = "to", required = false) String to) {
        ServiceDefinition service = service(id);
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        checkOrder(start, end);
        return new FeedbackList(store.entries(service.id(), start, end));
    }

    @GetMapping(path = "/cds-services/{id}/feedback/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    FeedbackSummary summary(@PathVariable("id") String id, @RequestParam(name = "from", required = false) String from,
                            @RequestParam(name = "to", required = false) String to) {
        ServiceDefinition service = service(id);
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        checkOrder(start, end);
        return store.summary(service.id(), start, end);
    }

    /** The GET body: {@code feedback} is always written, as {@code []} when nothing is stored. */
    record FeedbackList(@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
                        List<FeedbackEntry> feedback) {}

    private ServiceDefinition service(String id) {
        return content.service(id).orElseThrow(() -> new UnknownServiceException(id));
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidTimeWindowException("'" + name + "' must be an ISO date (2026-06-01) or date-time with an offset"
                    + " (2026-06-01T00:00:00Z)");
        }
    }

    private static void checkOrder(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidTimeWindowException("'from' must be before 'to'");
        }
    }
}
