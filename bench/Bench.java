import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * trd-cds benchmark: starts the real server jar, replays the example hook calls of fhir-resources/examples over
 * HTTP keep-alive at several concurrency levels, and prints start-to-ready, the first call, throughput and
 * latency percentiles, and the server's resident memory.
 *
 * <p>Run from the repository root after {@code mvn -q package -DskipTests}:
 * {@code java bench/Bench.java [seconds per level, default 20]}
 */
public class Bench {

    record Call(String service, String body) {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int port = 18080;
        List<Call> calls = examples();
        String java = ProcessHandle.current().info().command().orElse("java");
        long started = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(java));
        String jvmOptions = System.getenv("BENCH_JVM_OPTIONS");
        if (jvmOptions != null && !jvmOptions.isBlank()) {
            command.addAll(List.of(jvmOptions.split(" ")));
        }
        command.addAll(List.of("-jar", "target/trd-cds.jar", "--server.port=" + port,
                "--spring.profiles.active=demo", "--logging.level.root=WARN"));
        Process server = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(Path.of("target/bench-server.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String base = "http://127.0.0.1:" + port;
            waitReady(http, base);
            double readySeconds = (System.nanoTime() - started) / 1e9;
            long first = timeOne(http, base, calls.get(0));
            System.out.printf("machine: %d cores, %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"));
            System.out.printf("start to ready: %.2f s%nfirst call: %.1f ms%n", readySeconds, first / 1e6);
            System.out.printf("example calls in the mix: %d (all four hooks)%n", calls.size());
            for (int concurrency : new int[] {1, 4, 8}) {
                run(http, base, calls, concurrency, seconds);
            }
            System.out.printf("resident memory after load: %d MB%n", rssMb(server.pid()));
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    static List<Call> examples() throws IOException {
        List<Call> calls = new ArrayList<>();
        try (var files = Files.list(Path.of("fhir-resources/examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".request.json")).sorted().toList()) {
                String name = file.getFileName().toString();
                String service = name.startsWith("patient-view") ? "trd-patient-view"
                        : name.startsWith("order-select") ? "trd-order-select"
                        : name.startsWith("order-sign") ? "trd-order-sign" : "trd-questionnaire-completed";
                calls.add(new Call(service, Files.readString(file)));
            }
        }
        return calls;
    }

    static void waitReady(HttpClient http, String base) throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server not ready in 60 s; see target/bench-server.log");
    }

    static long timeOne(HttpClient http, String base, Call call) throws Exception {
        long start = System.nanoTime();
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/cds-services/" + call.service()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call.body())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return System.nanoTime() - start;
    }

    static void run(HttpClient http, String base, List<Call> calls, int concurrency, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        List<Future<long[]>> workers = new ArrayList<>();
        long began = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                long[] latencies = new long[1 << 20];
                int n = 0;
                while (System.nanoTime() < deadline && n < latencies.length) {
                    latencies[n++] = timeOne(http, base, calls.get(Math.floorMod(next.getAndIncrement(), calls.size())));
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> worker : workers) {
            for (long latency : worker.get()) {
                all.add(latency);
            }
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        pool.shutdown();
        all.sort(Long::compare);
        System.out.printf("concurrency %d: %d calls, %.0f calls/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                concurrency, all.size(), all.size() / elapsed, pct(all, 50), pct(all, 90), pct(all, 99), all.get(all.size() - 1) / 1e6);
    }

    static double pct(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }

    static long rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
            }
        }
        return -1;
    }
}
