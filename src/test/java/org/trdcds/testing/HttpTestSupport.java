package org.trdcds.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.trdcds.content.ContentCatalog;
import org.trdcds.content.ServiceDefinition;

/**
 * The whole server on a random port, called over real HTTP, with the clinical clock pinned to
 * {@link PatientFixture#TODAY}. Every HTTP test class shares this one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"trd.clock.fixed=2026-06-01", "trd.security.allow-anonymous=true"})
public abstract class HttpTestSupport {

    protected static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected ContentCatalog content;

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    public record Answer(int status, String contentType, String body) {
        public JsonNode json() {
            return Json.parse(body);
        }
    }

    protected Answer get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    protected Answer post(String path, String body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    protected Answer call(String serviceId, Map<String, Object> request) throws IOException, InterruptedException {
        return post("/cds-services/" + serviceId, Json.write(request), "application/json");
    }

    /** A complete request for the service's hook, with the patient's data as prefetch. */
    protected Map<String, Object> request(String serviceId, PatientFixture patient, Map<String, Object> extraContext) {
        return hookRequest(content.service(serviceId).orElseThrow(), patient, extraContext);
    }

    /** A complete request for the service's hook, with the patient's data as prefetch (tests without Spring too). */
    public static Map<String, Object> hookRequest(ServiceDefinition service, PatientFixture patient, Map<String, Object> extraContext) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("patientId", patient.id());
        context.put("userId", "Practitioner/example");
        context.putAll(extraContext);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("hook", service.hook());
        request.put("hookInstance", "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea");
        request.put("context", context);
        request.put("prefetch", patient.prefetchFor(service));
        return request;
    }

    protected Map<String, Object> request(String serviceId, PatientFixture patient) {
        return request(serviceId, patient, Map.of());
    }

    protected static Object draftOrders(Resource... orders) {
        return PatientFixture.json(PatientFixture.bundleOf(orders));
    }

    protected static List<String> selections(Resource... orders) {
        return java.util.Arrays.stream(orders).map(o -> o.fhirType() + "/" + o.getIdElement().getIdPart()).toList();
    }
}
