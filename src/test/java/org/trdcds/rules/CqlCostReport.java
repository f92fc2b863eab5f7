package org.trdcds.rules;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.Retrieve;
import org.opencds.cqf.cql.engine.execution.Profile;
import org.trdcds.content.ContentCatalog;
import org.trdcds.content.ServiceDefinition;
import org.trdcds.patientdata.PatientData;
import org.trdcds.patientdata.PatientDataGatherer;

/**
 * Where a hook call's CQL spends its time, define by define, from the engine's own profile: a tool for
 * whoever changes the CQL, not a test. It evaluates every define of the service of each request file (as
 * the benchmark writes them: {@code java bench/Bench.java --write-requests DIR}) on one thread, first to
 * warm the JIT, then with the profile on, and prints per evaluation the time each define or function
 * spent in itself (not in what it called), how often it was called and how often it was computed rather
 * than taken from the cache. Profiling slows the engine, so compare shares and counts, not absolute times.
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java [-Dtop=40] -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.trdcds.rules.CqlCostReport [--rounds N] FILE...
 * </pre>
 * {@code -Dtop} is how many of the costliest are printed (40).
 */
public final class CqlCostReport {

    private static final LocalDate DEMO_TODAY = LocalDate.of(2026, 6, 1); // the benchmark's patients are dated from it

    private record Call(ServiceDefinition service, PatientData data) {}

    private record Cost(long selfNanos, long calls, long computed) {
        Cost plus(Cost other) {
            return new Cost(selfNanos + other.selfNanos, calls + other.calls, computed + other.computed);
        }
    }

    public static void main(String[] args) throws IOException {
        int rounds = 200;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: CqlCostReport [--rounds N] request.json...");
            System.exit(2);
        }
        FhirContext fhir = FhirContext.forR4Cached();
        ContentCatalog content = new ContentCatalog(fhir);
        List<Call> calls = new ArrayList<>();
        for (Path file : files) {
            calls.add(read(file, content, new PatientDataGatherer(fhir, null)));
        }
        evaluate(new RuleEngine(fhir, content.valueSets()), calls, rounds); // warm-up, unprofiled
        RuleEngine profiled = new RuleEngine(fhir, content.valueSets(), true);
        long started = System.nanoTime();
        int evaluations = evaluate(profiled, calls, rounds);
        long elapsed = System.nanoTime() - started;
        Map<String, Cost> costs = new HashMap<>();
        collect(profiled.profile().getTree(), costs);
        long total = costs.values().stream().mapToLong(Cost::selfNanos).sum();
        System.out.printf("%d files, %d evaluations of every define of their service: %.2f ms each (profiled)%n",
                files.size(), evaluations, elapsed / 1e6 / evaluations);
        System.out.printf("%9s %6s %9s %9s  %s%n", "self ms", "share", "calls", "computed", "define or function() (per evaluation)");
        costs.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().selfNanos(), a.getValue().selfNanos()))
                .limit(Integer.getInteger("top", 40))
                .forEach(e -> System.out.printf("%9.3f %5.1f%% %9.1f %9.1f  %s%n",
                        e.getValue().selfNanos() / 1e6 / evaluations, 100.0 * e.getValue().selfNanos() / total,
                        (double) e.getValue().calls() / evaluations, (double) e.getValue().computed() / evaluations, e.getKey()));
    }

    private static Call read(Path file, ContentCatalog content, PatientDataGatherer gatherer) throws IOException {
        JsonNode request = new ObjectMapper().readTree(file.toFile());
        String hook = request.path("hook").asText();
        ServiceDefinition service = content.services().stream().filter(s -> s.hook().equals(hook)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + ": no service answers hook '" + hook + "'"));
        List<org.hl7.fhir.r4.model.Resource> contextResources = new ArrayList<>();
        for (String key : List.of("draftOrders", "questionnaireResponse")) {
            JsonNode resource = request.path("context").path(key);
            if (resource.isObject()) {
                contextResources.add(gatherer.parse(resource, "context." + key));
            }
        }
        String patientId = request.path("context").path("patientId").asText();
        return new Call(service, gatherer.gather(patientId, service.prefetch(), request.path("prefetch"), contextResources, null));
    }

    private static int evaluate(RuleEngine engine, List<Call> calls, int rounds) {
        int evaluations = 0;
        for (int round = 0; round < rounds; round++) {
            for (Call call : calls) {
                engine.evaluate(call.service().library(), call.service().defines(), call.data(), DEMO_TODAY, ZoneOffset.UTC);
                evaluations++;
            }
        }
        return evaluations;
    }

    /** Adds each node's own time (its time less its children's) under its define's name, over the whole tree. */
    private static void collect(Profile.Node node, Map<String, Cost> costs) {
        long children = 0;
        for (var byExpression : node.getChildren().values()) {
            for (Profile.Node child : byExpression.values()) {
                children += child.getTime();
                collect(child, costs);
            }
        }
        String name = node.getExpression() instanceof FunctionDef function ? function.getName() + "()"
                : node.getExpression() instanceof ExpressionDef define ? define.getName()
                : node.getExpression() instanceof Retrieve retrieve ? "[" + retrieve.getDataType().getLocalPart() + "]"
                : node.getExpression() == null ? "(engine, outside any define)" : node.getExpression().getClass().getSimpleName();
        costs.merge(name, new Cost(node.getTime() - children, node.getCount(), node.getMisses()), Cost::plus);
    }
}
