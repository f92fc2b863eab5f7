package org.trdcds.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * CDS Hooks 2.0 over HTTP: discovery and service calls. Checks run in the contract's order: size (413),
 * media type (415), JSON (400), service (404), request shape (400), data (412).
 */
@RestController
public class HooksController {

    private final ContentCatalog content;
    private final HookCalls calls;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    HooksController(ContentCatalog content, HookCalls calls, ObjectMapper json, HooksSettings settings) {
        this.content = content;
        this.calls = calls;
        this.json = json;
        this.maxBodyBytes = settings.maxBodyBytes();
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
        JsonNode body = readJsonObject(request);
        ServiceDefinition service = content.service(id)
                .orElseThrow(() -> new UnknownServiceException(id));
        HookRequest hookRequest = HookContexts.read(body, service.hook());
        return new CardsResponse(calls.answer(service, hookRequest));
    }

    private JsonNode readJsonObject(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
        if (!isJson(request.getContentType())) {
            throw new UnsupportedMediaTypeException(request.getContentType());
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, maxBodyBytes + 1));
        }
        if (bytes.length > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
        JsonNode body;
        try {
            body = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new BadRequestException("the body is not a JSON object");
        }
        return body;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isCompatibleWith(MediaType.APPLICATION_JSON)
                    || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Limits of the HTTP layer. */
    public record HooksSettings(long maxBodyBytes) {}
}
