package org.trdcds.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.trdcds.content.ContentCatalog;
import org.trdcds.content.ServiceDefinition;
import org.trdcds.cards.Card;
import org.trdcds.feedback.FeedbackStore;

/**
 * CDS Hooks 2.0 over HTTP: discovery and service calls (feedback is {@link FeedbackController}). Checks run in the contract's order: size (413),
 * media type (415), JSON (400), service (404), request shape (400), data (412). A call whose patient data does
 * not fit beside the calls in progress waits for them ({@link InFlightBudget}; 503 after the wait).
 */
@RestController
public class HooksController {

    private final ContentCatalog content;
    private final HookCalls calls;
    private final JsonBodies bodies;
    private final FeedbackStore feedback;
    private final InFlightBudget inFlight;

    HooksController(ContentCatalog content, HookCalls calls, JsonBodies bodies, FeedbackStore feedback, HooksSettings settings) {
        this.content = content;
        this.calls = calls;
        this.bodies = bodies;
        this.feedback = feedback;
        this.inFlight = new InFlightBudget(settings.inFlightBudgetBytes(), settings.maxWait());
    }

    @GetMapping(path = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> discovery() {
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceDefinition service : content.services()) {
            Map<String, Object> descriptor = new LinkedHashMap<>();
            descriptor.put("hook", service.hook());
            descriptor.put("title", service.title());
            descriptor.put("description", service.description());
            descriptor.put("id", service.id());
            Map<String, String> prefetch = new LinkedHashMap<>();
            service.prefetch().forEach((key, template) -> prefetch.put(key, template.query()));
            descriptor.put("prefetch", prefetch);
            services.add(descriptor);
        }
        return Map.of("services", services);
    }

    @PostMapping(path = "/cds-services/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    CardsResponse call(@PathVariable("id") String id, HttpServletRequest request) throws IOException {
        byte[] bytes = bodies.readBytes(request);
        // the heap a call needs grows with its patient data: parsing waits until the data fits (503 after a while)
        try (InFlightBudget.Admission admitted = inFlight.admit(bytes.length)) {
            JsonNode body = bodies.parseObject(bytes);
            ServiceDefinition service = content.service(id)
                    .orElseThrow(() -> new UnknownServiceException(id));
            HookRequest hookRequest = HookContexts.read(body, service.hook());
            List<Card> cards = calls.answer(service, hookRequest);
            feedback.cardsReturned(service.id(), cards); // queued, never waits: feedback is reported per topic
            return new CardsResponse(cards);
        }
    }

    /**
     * Limits of the HTTP layer: the largest body, and the bodies evaluated at once (0 or less: sized from the
     * heap, {@link InFlightBudget#defaultFor}) with how long a call waits for room among them.
     */
    public record HooksSettings(long maxBodyBytes, long inFlightBudgetBytes, Duration maxWait) {
        public HooksSettings {
            if (inFlightBudgetBytes <= 0) {
                inFlightBudgetBytes = InFlightBudget.defaultFor(Runtime.getRuntime().maxMemory());
            }
        }
    }
}
