package org.trdcds.patientdata;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.client.apache.ApacheHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.client.config.RequestConfig;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trdcds.content.ServiceDefinition.PrefetchTemplate;

/**
 * Fetches what prefetch lacks from the EHR's FHIR server (contract "Fetching what prefetch lacks"): one search
 * per missing key, all keys in parallel, every {@code next} page followed while it stays under the server's
 * base URL, and everything within one deadline. A bounded pool and connect/read timeouts keep a slow or dead
 * server from exhausting threads or connections; a key that could not be read completely is reported missing.
 * Each answer is read as JSON and its resources by the {@link ResourceReader} that reads prefetch, so fetched
 * data is read exactly as prefetched data (narratives and what the query did not ask for dropped unparsed).
 */
public final class FhirServerFetcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FhirServerFetcher.class);
    static final int MAX_PAGES = 100;

    private static final ObjectReader JSON = new ObjectMapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final FhirContext fhirContext;
    private final IRestfulClientFactory clients;
    private final ResourceReader reader;
    private final Duration deadline;
    private final ExecutorService pool;
    /** The pool's timeouts, and no redirects: a redirect would carry the EHR's token to wherever it points. */
    private final RequestConfig requestConfig;

    public FhirServerFetcher(FhirContext fhirContext, Duration deadline, int threads) {
        this.fhirContext = fhirContext;
        this.reader = new ResourceReader(fhirContext);
        this.deadline = deadline;
        this.clients = fhirContext.getRestfulClientFactory();
        clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
        clients.setConnectTimeout((int) Math.min(deadline.toMillis(), 1000));
        clients.setConnectionRequestTimeout((int) deadline.toMillis());
        clients.setSocketTimeout((int) deadline.toMillis());
        clients.setPoolMaxTotal(threads * 2);
        clients.setPoolMaxPerRoute(threads);
        this.requestConfig = RequestConfig.custom().setRedirectsEnabled(false)
                .setConnectTimeout(clients.getConnectTimeout())
                .setConnectionRequestTimeout(clients.getConnectionRequestTimeout())
                .setSocketTimeout(clients.getSocketTimeout())
                .build();
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads * 4),
                runnable -> {
                    Thread thread = new Thread(runnable, "fhir-fetch-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** What the fetch got: resources per key, and the keys it could not read completely. */
    public record Result(Map<String, List<Resource>> resources, List<String> failedKeys) {}

    public Result fetch(FhirServerAccess server, Map<String, PrefetchTemplate> missing, String patientId) {
        long deadlineAt = System.nanoTime() + deadline.toNanos();
        Map<String, Future<List<Resource>>> running = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, PrefetchTemplate> key : missing.entrySet()) {
            String query = key.getValue().query().replace("{{context.patientId}}", patientId);
            try {
                running.put(key.getKey(), pool.submit(() -> readAll(server, query, key.getValue(), key.getKey(), deadlineAt)));
            } catch (RejectedExecutionException e) {
                failed.add(key.getKey());
            }
        }
        Map<String, List<Resource>> resources = new LinkedHashMap<>();
        for (Map.Entry<String, Future<List<Resource>>> entry : running.entrySet()) {
            long left = deadlineAt - System.nanoTime();
            try {
                resources.put(entry.getKey(), entry.getValue().get(Math.max(left, 0), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                entry.getValue().cancel(true);
                failed.add(entry.getKey());
                log.warn("TRD-E032 fetching prefetch key {} from the FHIR server timed out", entry.getKey());
            } catch (ExecutionException e) {
                failed.add(entry.getKey());
                log.warn("TRD-E032 fetching prefetch key {} from the FHIR server failed: {}", entry.getKey(),
                        e.getCause().getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(entry.getKey());
            }
        }
        return new Result(resources, failed);
    }

    private List<Resource> readAll(FhirServerAccess server, String query, PrefetchTemplate template, String key, long deadlineAt)
            throws IOException {
        List<Resource> resources = new ArrayList<>();
        String base = server.baseUrl();
        String where = "fetched " + key;
        if (query.matches("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]{1,64}")) { // a read, e.g. Patient/{{context.patientId}}
            resources.add(reader.read(get(server, join(base, query)), where));
            return resources;
        }
        Resource answer = reader.read(asked(get(server, join(base, encodeQuery(query))), template), where);
        for (int pages = 1; ; pages++) {
            if (!(answer instanceof Bundle page)) {
                throw new IllegalStateException("a search answered with a " + answer.fhirType() + ", not a Bundle");
            }
            for (Bundle.BundleEntryComponent entry : page.getEntry()) {
                if (entry.getResource() != null && !(entry.getResource() instanceof OperationOutcome)) {
                    resources.add(entry.getResource());
                }
            }
            Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
            if (next == null || next.getUrl() == null) {
                return resources;
            }
            if (!isUnder(base, next.getUrl())) {
                throw new IllegalStateException("a next link leaves the FHIR server; the token is not sent there");
            }
            if (pages >= MAX_PAGES || System.nanoTime() > deadlineAt || Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("too many pages or past the deadline");
            }
            answer = reader.read(asked(get(server, next.getUrl()), template), where);
        }
    }

    /** A search's page without the entries its query did not ask for ({@link UnaskedEntries}). */
    private static JsonNode asked(JsonNode page, PrefetchTemplate template) {
        UnaskedEntries.drop(page, template);
        return page;
    }

    /**
     * GETs a URL as FHIR JSON with the pool's client and timeouts, the access token as a Bearer token. A
     * redirect is not followed (the client would send the token along to any host); it fails the key like any
     * answer but 2xx.
     */
    private JsonNode get(FhirServerAccess server, String url) throws IOException {
        IHttpRequest request = clients.getHttpClient(new StringBuilder(url), null, null, RequestTypeEnum.GET, null)
                .createGetRequest(fhirContext, EncodingEnum.JSON);
        if (!(request instanceof ApacheHttpRequest apache)) {
            throw new IllegalStateException("the FHIR client is not HAPI's Apache client; redirects could not be turned off");
        }
        apache.getApacheRequest().setConfig(requestConfig);
        if (server.accessToken() != null) {
            request.addHeader("Authorization", "Bearer " + server.accessToken());
        }
        IHttpResponse response = request.execute();
        try {
            if (response.getStatus() / 100 != 2) {
                throw new IOException("the FHIR server answered " + response.getStatus());
            }
            try (InputStream body = response.readEntity()) {
                return JSON.readTree(body);
            }
        } finally {
            response.close();
        }
    }

    /**
     * Percent-encodes the parameter values of a search ({@code Observation?patient=1&code=http://loinc.org|44261-6,...}):
     * {@code |} is not allowed in a URL as it is. A next link comes from the server already encoded.
     */
    static String encodeQuery(String query) {
        int question = query.indexOf('?');
        if (question < 0) {
            return query;
        }
        StringBuilder encoded = new StringBuilder(query.substring(0, question + 1));
        String[] parameters = query.substring(question + 1).split("&");
        for (int i = 0; i < parameters.length; i++) {
            int equals = parameters[i].indexOf('=');
            encoded.append(i == 0 ? "" : "&");
            if (equals < 0) {
                encoded.append(parameters[i]);
            } else {
                encoded.append(parameters[i], 0, equals + 1)
                        .append(URLEncoder.encode(parameters[i].substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return encoded.toString();
    }

    static String join(String base, String query) {
        return (base.endsWith("/") ? base : base + "/") + query;
    }

    /** True for the base itself and URLs below it: {@code base/...} or {@code base?_getpages=...}. */
    static boolean isUnder(String base, String url) {
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (!url.startsWith(root)) {
            return false;
        }
        return url.length() == root.length() || url.charAt(root.length()) == '/' || url.charAt(root.length()) == '?';
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
