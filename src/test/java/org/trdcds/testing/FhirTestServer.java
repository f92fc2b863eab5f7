package org.trdcds.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.IServerAddressStrategy;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A real FHIR R4 server (HAPI's plain server framework in an embedded Tomcat) on loopback, holding test
 * patients in memory, paging searches two entries at a time, and able to misbehave on demand: demand a
 * token, answer slowly, answer garbage, send next links to another host, give every resource it sends a
 * narrative that is not well-formed XHTML, redirect every request ({@link #redirectTo}), or answer searches
 * with more than they asked for ({@link Mode#SUPERSET}).
 */
public final class FhirTestServer implements AutoCloseable {

    public enum Mode { NORMAL, SLOW, GARBAGE, NEXT_LINK_ELSEWHERE, BROKEN_NARRATIVES, REDIRECT, SUPERSET }

    public static final String TOKEN = "ehr-access-token-123";

    private final Tomcat tomcat = new Tomcat();
    private final List<Resource> store = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger rewritten = new AtomicInteger();
    private volatile Mode mode = Mode.NORMAL;
    private volatile long slowMillis = 10_000;
    private volatile String redirectTo = "http://elsewhere.invalid/fhir";
    private final int port;

    public FhirTestServer() throws Exception {
        RestfulServer server = new RestfulServer(FhirContext.forR4Cached());
        List<IResourceProvider> providers = new ArrayList<>();
        for (Class<? extends Resource> type : List.of(Condition.class, Observation.class, MedicationStatement.class,
                MedicationRequest.class, AllergyIntolerance.class, QuestionnaireResponse.class,
                org.hl7.fhir.r4.model.Procedure.class, org.hl7.fhir.r4.model.ServiceRequest.class)) {
            providers.add(new InMemoryProvider(type));
        }
        providers.add(new PatientProvider());
        server.setResourceProviders(providers);
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(100);
        paging.setDefaultPageSize(2);
        paging.setMaximumPageSize(2);
        server.setPagingProvider(paging);
        server.setServerAddressStrategy(new SwitchableAddress());

        tomcat.setBaseDir(Files.createTempDirectory("fhir-test-server").toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "fhir", server);
        context.addServletMappingDecoded("/fhir/*", "fhir");
        FilterDef filter = new FilterDef();
        filter.setFilterName("misbehave");
        filter.setFilter(misbehaviour());
        context.addFilterDef(filter);
        FilterMap map = new FilterMap();
        map.setFilterName("misbehave");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        tomcat.start();
        port = tomcat.getConnector().getLocalPort();
    }

    public String baseUrl() {
        return "http://localhost:" + port + "/fhir";
    }

    public void load(List<Resource> resources) {
        store.clear();
        store.addAll(resources);
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public void slowMillis(long millis) {
        this.slowMillis = millis;
    }

    /** Where {@link Mode#REDIRECT} sends each request (302), the path and query appended. */
    public void redirectTo(String base) {
        this.redirectTo = base;
    }

    public int requestCount() {
        return requests.get();
    }

    public void resetCount() {
        requests.set(0);
        rewritten.set(0);
    }

    /** How many resources were sent changed: with a broken narrative, or invalid ({@link Mode#SUPERSET}). */
    public int rewrittenCount() {
        return rewritten.get();
    }

    private Filter misbehaviour() {
        return (request, response, chain) -> {
            requests.incrementAndGet();
            HttpServletRequest http = (HttpServletRequest) request;
            HttpServletResponse out = (HttpServletResponse) response;
            if (!("Bearer " + TOKEN).equals(http.getHeader("Authorization"))) {
                out.setStatus(401);
                out.setContentType("application/fhir+json");
                out.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"login\"}]}");
                return;
            }
            switch (mode) {
                case SLOW -> {
                    try {
                        Thread.sleep(slowMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    chain.doFilter(request, response);
                }
                case GARBAGE -> {
                    out.setStatus(200);
                    out.setContentType("application/fhir+json");
                    out.getWriter().write("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":{\"resourceType\":\"Observation\",\"valueInteger\":\"many\"}]}");
                }
                case REDIRECT -> {
                    String rest = http.getRequestURI().substring(http.getContextPath().length() + "/fhir".length());
                    out.setStatus(302);
                    out.setHeader("Location", redirectTo + rest + (http.getQueryString() == null ? "" : "?" + http.getQueryString()));
                }
                case BROKEN_NARRATIVES, SUPERSET -> {
                    HttpServletRequest uncompressed = new HttpServletRequestWrapper(http) {
                        @Override
                        public String getHeader(String name) {
                            return "Accept-Encoding".equalsIgnoreCase(name) ? null : super.getHeader(name);
                        }

                        @Override
                        public java.util.Enumeration<String> getHeaders(String name) {
                            return "Accept-Encoding".equalsIgnoreCase(name) ? java.util.Collections.emptyEnumeration() : super.getHeaders(name);
                        }
                    };
                    CapturedResponse captured = new CapturedResponse(out);
                    chain.doFilter(uncompressed, captured);
                    JsonNode body = Json.MAPPER.readTree(captured.bytes());
                    rewritten.addAndGet(mode == Mode.SUPERSET ? invalidateLabs(body) : breakNarratives(body));
                    out.getOutputStream().write(Json.MAPPER.writeValueAsBytes(body));
                }
                default -> chain.doFilter(request, response);
            }
        };
    }

    /** Gives every resource in {@code node} but Bundles a narrative whose div is not well-formed XHTML. */
    public static int breakNarratives(JsonNode node) {
        return changeResources(node, resource -> {
            if ("Bundle".equals(resource.get("resourceType").asText())) {
                return false;
            }
            resource.putObject("text").put("status", "generated")
                    .put("div", "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Sertraline <b>stopped</div>");
            return true;
        });
    }

    /**
     * Makes every resource in {@code node} whose id starts with {@code lab-} invalid FHIR (a text where an integer
     * belongs): in {@link Mode#SUPERSET}, what a search sends that its code filter would have left out.
     */
    public static int invalidateLabs(JsonNode node) {
        return changeResources(node, resource -> {
            if (!resource.path("id").asText().startsWith("lab-")) {
                return false;
            }
            resource.remove("valueQuantity");
            resource.put("valueInteger", "many");
            return true;
        });
    }

    /** Offers every resource in {@code node}, at any depth, to {@code change}; returns how many it changed. */
    private static int changeResources(JsonNode node, java.util.function.Predicate<ObjectNode> change) {
        int changed = node instanceof ObjectNode object && object.has("resourceType") && change.test(object) ? 1 : 0;
        for (JsonNode child : node) {
            changed += changeResources(child, change);
        }
        return changed;
    }

    /** Keeps what the server writes, to be changed before it is sent. */
    private static final class CapturedResponse extends HttpServletResponseWrapper {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final PrintWriter writer = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));

        CapturedResponse(HttpServletResponse response) {
            super(response);
        }

        byte[] bytes() {
            writer.flush();
            return bytes.toByteArray();
        }

        @Override
        public PrintWriter getWriter() {
            return writer;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    bytes.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public void setContentLength(int length) {
            // the body is rewritten
        }

        @Override
        public void setContentLengthLong(long length) {
            // the body is rewritten
        }
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    private final class SwitchableAddress implements IServerAddressStrategy {
        private final IncomingRequestAddressStrategy normal = new IncomingRequestAddressStrategy();

        @Override
        public String determineServerBase(jakarta.servlet.ServletContext context, HttpServletRequest request) {
            return mode == Mode.NEXT_LINK_ELSEWHERE ? "http://elsewhere.invalid/fhir" : normal.determineServerBase(context, request);
        }
    }

    static boolean isFor(Resource resource, String patientId) {
        for (String name : new String[] {"subject", "patient"}) {
            var property = resource.getNamedProperty(name);
            if (property != null && property.hasValues() && property.getValues().get(0) instanceof Reference reference) {
                return patientId.equals(reference.getReferenceElement().getIdPart());
            }
        }
        return false;
    }

    static boolean hasCode(Resource resource, TokenOrListParam codes) {
        if (codes == null) {
            return true;
        }
        var property = resource.getNamedProperty("code");
        if (property == null || !property.hasValues()
                || !(property.getValues().get(0) instanceof org.hl7.fhir.r4.model.CodeableConcept code)) {
            return true;
        }
        for (TokenParam token : codes.getValuesAsQueryTokens()) {
            for (Coding coding : code.getCoding()) {
                if (token.getValue().equals(coding.getCode())
                        && (token.getSystem() == null || token.getSystem().equals(coding.getSystem()))) {
                    return true;
                }
            }
        }
        return false;
    }

    public final class InMemoryProvider implements IResourceProvider {
        private final Class<? extends Resource> type;

        InMemoryProvider(Class<? extends Resource> type) {
            this.type = type;
        }

        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return type;
        }

        @Search
        public List<IBaseResource> search(@OptionalParam(name = "patient") ReferenceParam patient,
                                          @OptionalParam(name = "code") TokenOrListParam code) {
            List<IBaseResource> found = new ArrayList<>();
            for (Resource resource : store) {
                if (type.isInstance(resource) && (patient == null || isFor(resource, patient.getIdPart())) && (mode == Mode.SUPERSET || hasCode(resource, code))) {
                    found.add(resource);
                }
            }
            return found;
        }
    }

    public final class PatientProvider implements IResourceProvider {
        @Override
        public Class<? extends IBaseResource> getResourceType() {
            return Patient.class;
        }

        @Read
        public Patient read(@IdParam IdType id) {
            for (Resource resource : store) {
                if (resource instanceof Patient patient && patient.getIdElement().getIdPart().equals(id.getIdPart())) {
                    return patient;
                }
            }
            throw new ResourceNotFoundException(id);
        }
    }
}
