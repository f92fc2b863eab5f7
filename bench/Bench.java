import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * trd-cds benchmark. Starts the real server jar with the production JVM options (README), then over HTTP
 * keep-alive:
 * <ol>
 *   <li>time from process start to ready ({@code /actuator/health} UP), and the first hook call;</li>
 *   <li>a mix of all four hooks for made-up typical patients (about 100 resources each, every patient
 *       different) at concurrency 1, 4 and 8: calls per second, p50, p90, p99, max;</li>
 *   <li>latency against the patient's size: patient-view and order-sign for patients of 20 to 2,000
 *       resources, one at a time; then patients of ~100 resources as EHRs also send them: each resource with
 *       meta and a narrative, or with 2,000 laboratory results the observations query did not ask for;</li>
 *   <li>a soak of the typical mix at concurrency 4 (default 5 minutes): the live heap after a full GC and
 *       resident memory at its start, every sixth of it and at its end, the classes whose live bytes grew most,
 *       resident memory (now and peak), the size of the database file.</li>
 * </ol>
 * Patients are generated with a fixed seed, dated relative to the demo clock (2026-06-01), and shaped like a
 * psychiatric outpatient's record: PHQ-9 totals and item 9 answers, antidepressant trials written as monthly
 * refills, other medicines, conditions, allergies, PHQ-9 questionnaires, blood pressure. One patient in four
 * had a remission: PHQ-9 totals below 5 from half to three quarters of the way through their history.
 *
 * <p>Run from the repository root after {@code mvn -q package -DskipTests}:
 * {@code java bench/Bench.java [--seconds 20] [--soak 300] [--warmup 120] [--starts 5] [--quick] [--no-cds] [--fat-jar]
 * [--write-requests DIR]}. {@code --starts} starts the server that many times in all (the last ones only for
 * the start, the first call and calls 2-10) and prints the median and range of each, since one start varies
 * much; {@code --quick} is 3 s per level, no soak, one start; {@code --write-requests} only writes some of the
 * generated requests to DIR. The server runs as README "Running in production" says, from the extracted jar with a
 * class data sharing archive made for it (the fat jar is started once first, for its start-to-ready time; the
 * start that lists the classes for the archive is not measured); {@code --no-cds} runs the extracted jar without
 * the archive, {@code --fat-jar} runs the fat jar only.
 * The JVM options ({@code src/main/dist/jvm.options}) can be replaced with the environment variable
 * {@code BENCH_JVM_OPTIONS}; with {@code -XX:NativeMemoryTracking=summary} among them, the server's native
 * memory summary is printed too.
 */
public class Bench {

    /** The production options (README "Running in production"): a java argument file, # starts a comment. */
    static final Path JVM_OPTIONS = Path.of("src/main/dist/jvm.options");
    static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    static final int PORT = 18080;
    /** The server's embedded database, emptied before each start (H2 adds {@code .mv.db}). */
    static final Path DATABASE_DIR = Path.of("target/bench-data");
    static final Path DATABASE = DATABASE_DIR.resolve("trd-cds");
    static final String[] SERVICES = {"trd-patient-view", "trd-order-select", "trd-order-sign", "trd-questionnaire-completed"};

    record Call(String service, String body, int resources) {}

    public static void main(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds", 20);
        int soak = intArg(args, "--soak", 300);
        int warmup = intArg(args, "--warmup", 120);
        int starts = intArg(args, "--starts", 5);
        if (List.of(args).contains("--quick")) {
            seconds = 3;
            soak = 0;
            warmup = 5;
            starts = intArg(args, "--starts", 1);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String jvmOptions = System.getenv().getOrDefault("BENCH_JVM_OPTIONS", productionOptions());
        List<String> options = Arrays.stream(jvmOptions.split(" ")).filter(s -> !s.isBlank()).toList();
        List<String> serverArgs = List.of("--server.port=" + PORT, "--spring.profiles.active=demo",
                "--logging.level.root=WARN", "--trd.database.file=" + DATABASE.toAbsolutePath()); // H2 takes no implicitly relative path
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://127.0.0.1:" + PORT;
        boolean extract = !List.of(args).contains("--fat-jar");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(options);
        double fatJarReadySeconds = 0;
        Archive archive = null;
        if (extract) { // README "Running in production": the fat jar's start for comparison, then the extracted jar
            List<String> fatJar = new ArrayList<>(command);
            fatJar.addAll(List.of("-jar", "target/trd-cds.jar"));
            fatJar.addAll(serverArgs);
            Started plain = startReady(fatJar, http, base);
            fatJarReadySeconds = plain.readySeconds();
            stop(plain.process());
            List<String> jar = extracted(java);
            if (!List.of(args).contains("--no-cds")) {
                archive = classDataSharing(command, jar, serverArgs);
                command.add("-XX:SharedArchiveFile=" + archive.file());
            }
            command.addAll(jar);
        } else {
            command.addAll(List.of("-jar", "target/trd-cds.jar"));
        }
        command.addAll(serverArgs);
        Started started = startReady(command, http, base);
        Process server = started.process();
        measuredServer = server.toHandle();
        List<FreshStart> freshStarts = new ArrayList<>();
        List<Call> typical = new ArrayList<>();
        try {
            double readySeconds = started.readySeconds();
            Map<String, Map<String, String>> prefetchTypes = prefetchTypes(http, base);
            for (int p = 0; p < 24; p++) {
                for (String service : SERVICES) {
                    typical.add(call(service, patient(p, 100), prefetchTypes.get(service)));
                }
            }
            int write = List.of(args).indexOf("--write-requests");
            if (write >= 0) { // for profiling in-process: the requests as files, then stop
                Path dir = Path.of(args[write + 1]);
                Files.createDirectories(dir);
                for (Call call : typical.subList(0, 8)) {
                    Files.writeString(dir.resolve(call.service() + "-" + call.resources() + "-" + typical.indexOf(call) + ".json"), call.body());
                }
                for (int size : new int[] {20, 200, 2000}) {
                    for (String service : SERVICES) {
                        Call call = call(service, patient(1000, size), prefetchTypes.get(service));
                        Files.writeString(dir.resolve(service + "-" + call.resources() + ".json"), call.body());
                    }
                }
                for (String service : SERVICES) {
                    Call call = call(service, asEhrsSendIt(patient(1000, 100)), prefetchTypes.get(service));
                    Files.writeString(dir.resolve(service + "-" + call.resources() + "-narratives.json"), call.body());
                }
                return;
            }
            warmClient(http, typical.get(0));
            long first = timeOne(http, base, typical.get(0));
            // A server just started is not at its steady speed yet: the JIT compiles the engine's paths for
            // minutes. The next calls, one at a time, show how fast a fresh instance gets there.
            long[] afterFirst = new long[199];
            for (int i = 0; i < afterFirst.length; i++) {
                afterFirst[i] = timeOne(http, base, typical.get((i + 1) % typical.size()));
            }
            System.out.printf("machine: %d cores, %s %s, Java %s, load average at start %.2f%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                    System.getProperty("java.version"), loadAverage());
            System.out.printf("server JVM options: %s%n", jvmOptions);
            System.out.printf("jar: %d MB%n", Files.size(Path.of("target/trd-cds.jar")) / (1024 * 1024));
            if (archive != null) {
                System.out.printf("class data sharing archive: %d MB of %d classes, made in %.1f s (class list %.1f s, dump %.1f s)%n",
                        Files.size(archive.file()) / (1024 * 1024), archive.classes(), archive.listSeconds() + archive.dumpSeconds(),
                        archive.listSeconds(), archive.dumpSeconds());
            }
            if (extract) {
                System.out.printf("start to ready: %.2f s (fat jar: %.2f s)%nfirst call: %.1f ms%n", readySeconds, fatJarReadySeconds, first / 1e6);
            } else {
                System.out.printf("start to ready: %.2f s%nfirst call: %.1f ms%n", readySeconds, first / 1e6);
            }
            System.out.printf("the next calls, one at a time (mix below): calls 2-10 p50 %.1f ms, 11-50 p50 %.1f ms, 51-200 p50 %.1f ms%n",
                    medianMs(afterFirst, 0, 9), medianMs(afterFirst, 9, 49), medianMs(afterFirst, 49, 199));
            freshStarts.add(new FreshStart(readySeconds, first / 1e6, medianMs(afterFirst, 0, 9)));
            System.out.printf("%nmix: %d calls, all four hooks, 24 different patients of ~100 resources (%d on average per call)%n",
                    typical.size(), typical.stream().mapToInt(Call::resources).sum() / typical.size());
            // The JIT compiles the engine's hot paths for minutes (server CPU per call falls from ~25 ms in the first
            // 10 s to ~7 ms after two minutes): the levels below measure a server that has been serving a while.
            run(http, base, typical, 4, warmup, String.format("warm-up, concurrency 4, %d s (not the steady state)", warmup));
            for (int concurrency : new int[] {1, 4, 8}) {
                run(http, base, typical, concurrency, seconds, "concurrency " + concurrency);
            }
            System.out.printf("%nlatency by patient size, concurrency 1 (patient-view, then order-sign):%n");
            for (int size : new int[] {20, 50, 100, 200, 500, 1000, 2000}) {
                for (String service : new String[] {"trd-patient-view", "trd-order-sign"}) {
                    runPatients(http, base, service, p -> patient(p, size), prefetchTypes, seconds);
                }
            }
            // EHRs send resources with meta and a narrative (the human-readable XHTML); the server drops the narrative
            // unparsed, and this level shows what such data costs next to the bare resources of the same patients.
            System.out.printf("%nthe same, ~100 resources, each with meta and a narrative as EHRs send them:%n");
            for (String service : new String[] {"trd-patient-view", "trd-order-sign"}) {
                runPatients(http, base, service, p -> asEhrsSendIt(patient(p, 100)), prefetchTypes, seconds);
            }
            // EHRs may also answer a query with more than it asked for (a server that ignores the code filter):
            // the server drops those entries unparsed.
            System.out.printf("%nthe same, ~100 resources, and 2,000 laboratory results the observations query did not ask for:%n");
            runPatients(http, base, "trd-patient-view", p -> withUnaskedLabs(patient(p, 100), 2000), prefetchTypes, seconds);
            System.out.printf("resident memory after load: %d MB (peak %d MB)%n", status(server.pid(), "VmRSS"), status(server.pid(), "VmHWM"));
            if (jvmOptions.contains("NativeMemoryTracking")) {
                System.out.println(jcmd(server.pid(), "VM.native_memory", "summary").replaceAll("(?m)^\\s*\\(.*\\n", ""));
            }
            if (soak > 0) {
                List<HeapSample> samples = Collections.synchronizedList(new ArrayList<>());
                long soakStart = System.nanoTime();
                samples.add(HeapSample.take(server.pid(), soakStart));
                var sampler = Executors.newSingleThreadScheduledExecutor();
                long every = Math.max(60, soak / 6); // a sample every sixth of the soak (each a full GC)
                sampler.scheduleWithFixedDelay(() -> samples.add(HeapSample.take(server.pid(), soakStart)), every, every, TimeUnit.SECONDS);
                run(http, base, typical, 4, soak, String.format("soak, concurrency 4, %d s (GC counts the heap samples' full collections too)", soak));
                sampler.shutdownNow();
                sampler.awaitTermination(1, TimeUnit.MINUTES);
                samples.add(HeapSample.take(server.pid(), soakStart));
                System.out.println("live heap after full GC and resident memory, over the soak:");
                synchronized (samples) {
                    samples.forEach(sample -> System.out.printf("  %5.1f min: live heap %6d KB, resident %d MB%n",
                            sample.seconds() / 60.0, sample.heapKb(), sample.residentMb()));
                    System.out.println("classes whose live bytes grew most from the first sample to the last:");
                    HeapSample firstSample = samples.get(0), lastSample = samples.get(samples.size() - 1);
                    lastSample.bytesByClass().entrySet().stream()
                            .map(e -> Map.entry(e.getKey(), e.getValue() - firstSample.bytesByClass().getOrDefault(e.getKey(), 0L)))
                            .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                            .forEach(e -> System.out.printf("  %+7d KB %s%n", e.getValue() / 1024, e.getKey()));
                }
                System.out.printf("resident memory after the soak: %d MB (peak %d MB)%n", status(server.pid(), "VmRSS"), status(server.pid(), "VmHWM"));
                System.out.printf("database file after the soak: %d MB (card index and feedback, embedded H2)%n",
                        Files.size(Path.of(DATABASE + ".mv.db")) / (1024 * 1024));
            }
        } finally {
            stop(server);
        }
        // One start varies by tens of percent on a small machine (how far the JIT got while the server warmed
        // up): the start and the first calls again, from fresh processes, and the median of all starts.
        for (int s = 1; s < starts; s++) {
            Started again = startReady(command, http, base);
            try {
                prefetchTypes(http, base); // as before the first start's first call (the client is warm by now)
                long first = timeOne(http, base, typical.get(0));
                long[] next = new long[9];
                for (int i = 0; i < next.length; i++) {
                    next[i] = timeOne(http, base, typical.get(i + 1));
                }
                freshStarts.add(new FreshStart(again.readySeconds(), first / 1e6, medianMs(next, 0, 9)));
            } finally {
                stop(again.process());
            }
        }
        if (freshStarts.size() > 1) {
            System.out.printf("%n%d starts, median (min-max): start to ready %s s, first call %s ms, calls 2-10 p50 %s ms%n",
                    freshStarts.size(), spread(freshStarts, FreshStart::readySeconds, "%.2f"),
                    spread(freshStarts, FreshStart::firstMs, "%.1f"), spread(freshStarts, FreshStart::nextNineMs, "%.1f"));
        }
    }

    /** One fresh server: seconds from process start to ready, its first call, the p50 of its calls 2-10. */
    record FreshStart(double readySeconds, double firstMs, double nextNineMs) {}

    static String spread(List<FreshStart> starts, java.util.function.ToDoubleFunction<FreshStart> measure, String format) {
        double[] values = starts.stream().mapToDouble(measure).sorted().toArray();
        double median = values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", median, values[0], values[values.length - 1]);
    }

    record Started(Process process, double readySeconds) {}

    /** Starts the server and waits until it is ready; a server that never gets ready is stopped. */
    static Started startReady(List<String> command, HttpClient http, String base) throws Exception {
        long started = System.nanoTime();
        Process server = launch(command);
        try {
            waitReady(http, base, server);
        } catch (Exception | Error e) {
            stop(server);
            throw e;
        }
        return new Started(server, (System.nanoTime() - started) / 1e9);
    }

    /** Starts a process; a server starts on an empty database, as a fresh instance does (Flyway creates it). */
    static Process launch(List<String> command) throws IOException {
        deleteTree(DATABASE_DIR);
        ProcessBuilder launch = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(Path.of("target/bench-server.log").toFile());
        launch.environment().put("MALLOC_ARENA_MAX", "2"); // README: fewer glibc malloc arenas, less native memory
        return launch.start();
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    static void stop(Process server) throws InterruptedException {
        server.destroy();
        server.waitFor();
    }

    /**
     * README "Running in production": the jar extracted, classes loaded from plain jars instead of jars nested
     * in the fat jar (faster start and faster first minutes). Returns the JVM arguments that run it.
     */
    static List<String> extracted(String java) throws Exception {
        Path dir = Path.of("target/bench-extracted");
        runToEnd(List.of(java, "-Djarmode=tools", "-jar", "target/trd-cds.jar", "extract", "--force", "--destination", dir.toString()));
        return List.of("-jar", dir.resolve("trd-cds.jar").toString());
    }

    record Archive(Path file, long classes, double listSeconds, double dumpSeconds) {}

    /**
     * README "Running in production": a static class data sharing archive. One start of the extracted jar,
     * stopped when the Spring context is ready, lists the classes it loaded; a JVM that runs no application
     * code (-Xshare:dump) then writes them to the archive.
     */
    static Archive classDataSharing(List<String> javaAndOptions, List<String> jar, List<String> serverArgs) throws Exception {
        Path classList = Path.of("target/bench-extracted/trd-cds.classlist");
        Path file = Path.of("target/bench-extracted/trd-cds.jsa");
        Files.deleteIfExists(classList);
        Files.deleteIfExists(file);
        List<String> listing = new ArrayList<>(javaAndOptions);
        listing.addAll(List.of("-XX:DumpLoadedClassList=" + classList, "-Dspring.context.exit=onRefresh"));
        listing.addAll(jar);
        listing.addAll(serverArgs);
        long started = System.nanoTime();
        runToEnd(listing);
        long listed = System.nanoTime();
        List<String> dump = new ArrayList<>(javaAndOptions);
        dump.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + file));
        dump.addAll(jar);
        runToEnd(dump);
        long classes;
        try (var lines = Files.lines(classList)) {
            classes = lines.filter(line -> !line.startsWith("#") && !line.startsWith("@")).count();
        }
        return new Archive(file, classes, (listed - started) / 1e9, (System.nanoTime() - listed) / 1e9);
    }

    static void runToEnd(List<String> command) throws Exception {
        Process process = launch(command);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("failed: " + String.join(" ", command) + "; see target/bench-server.log");
        }
    }

    /** The options of {@link #JVM_OPTIONS}, without its comments, on one line. */
    static String productionOptions() throws IOException {
        return Files.readAllLines(JVM_OPTIONS).stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .reduce((a, b) -> a + " " + b)
                .orElseThrow(() -> new IllegalStateException(JVM_OPTIONS + " holds no options"));
    }

    static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    // ---------------------------------------------------------------- made-up patients

    /** A patient's resources as FHIR JSON, by resource type. */
    record Patient(String id, Map<String, List<String>> byType) {
        int size() {
            return byType.values().stream().mapToInt(List::size).sum();
        }
    }

    static final String[][] ANTIDEPRESSANTS = {
        {"sertraline", "312940", "sertraline 50 MG Oral Tablet", "2"}, {"escitalopram", "349332", "escitalopram 10 MG Oral Tablet", "1"},
        {"fluoxetine", "310385", "fluoxetine 20 MG Oral Capsule", "2"}, {"venlafaxine", "814288", "venlafaxine 75 MG Extended Release Oral Capsule", "2"},
        {"bupropion", "993541", "bupropion hydrochloride 150 MG Extended Release Oral Tablet", "2"},
        {"mirtazapine", "311725", "mirtazapine 30 MG Oral Tablet", "1"}, {"duloxetine", "596930", "duloxetine 60 MG Delayed Release Oral Capsule", "1"},
    };
    static final String[][] OTHER_MEDICINES = {
        {"314076", "lisinopril 10 MG Oral Tablet"}, {"617312", "atorvastatin 20 MG Oral Tablet"}, {"860975", "metformin hydrochloride 500 MG Oral Tablet"},
        {"198211", "simvastatin 40 MG Oral Tablet"}, {"197361", "amlodipine 5 MG Oral Tablet"}, {"310798", "hydrochlorothiazide 25 MG Oral Tablet"},
    };
    static final String[][] OTHER_CONDITIONS = {
        {"I10", "Essential (primary) hypertension"}, {"E78.5", "Hyperlipidemia, unspecified"}, {"E11.9", "Type 2 diabetes mellitus without complications"},
        {"F41.1", "Generalized anxiety disorder"}, {"G47.00", "Insomnia, unspecified"}, {"M54.50", "Low back pain, unspecified"},
    };

    /** A patient of about {@code size} resources, the same for the same seed. */
    static Patient patient(int seed, int size) {
        Random random = new Random(seed * 7919L + size);
        String id = "bench-" + seed + "-" + size;
        Map<String, List<String>> byType = new LinkedHashMap<>();
        String subject = "\"subject\":{\"reference\":\"Patient/" + id + "\"}";
        int[] counter = {0};
        java.util.function.Function<String, String> nextId = type -> id + "-" + type.toLowerCase(Locale.ROOT) + "-" + (counter[0]++);
        add(byType, "Patient", "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"" + (random.nextBoolean() ? "female" : "male")
                + "\",\"birthDate\":\"" + TODAY.minusYears(25 + random.nextInt(50)).minusDays(random.nextInt(365)) + "\"}");
        int budget = Math.max(size - 1, 10);
        int observations = budget * 45 / 100, statements = budget * 20 / 100, conditions = Math.max(2, budget * 10 / 100),
                requests = budget * 10 / 100, questionnaires = Math.max(1, budget * 8 / 100), allergies = budget - observations - statements - conditions - requests - questionnaires;
        int historyDays = Math.max(180, Math.min(3650, size * 5));
        // one patient in four was in remission for the third quarter of their history (PHQ-9 totals below 5)
        LocalDate remissionFrom = TODAY.minusDays(historyDays / 2), remissionTo = TODAY.minusDays(historyDays / 4);
        java.util.function.Predicate<LocalDate> remitted = day -> seed % 4 == 0 && !day.isBefore(remissionFrom) && !day.isAfter(remissionTo);
        // conditions: recurrent major depression, then others
        add(byType, "Condition", condition(nextId.apply("Condition"), subject, "F33.1", "Major depressive disorder, recurrent, moderate", TODAY.minusDays(historyDays)));
        for (int i = 1; i < conditions; i++) {
            String[] other = OTHER_CONDITIONS[random.nextInt(OTHER_CONDITIONS.length)];
            add(byType, "Condition", condition(nextId.apply("Condition"), subject, other[0], other[1], TODAY.minusDays(random.nextInt(historyDays))));
        }
        // antidepressant trials as monthly refills (consecutive statements), oldest first; other medicines in between
        int trialStatements = statements * 2 / 3;
        LocalDate start = TODAY.minusDays(Math.min(historyDays, 30L * trialStatements + 20));
        for (int i = 0; i < trialStatements; i++) {
            String[] drug = ANTIDEPRESSANTS[(i / 4) % ANTIDEPRESSANTS.length];
            LocalDate from = start.plusDays(30L * i);
            boolean last = i == trialStatements - 1;
            add(byType, "MedicationStatement", statement(nextId.apply("MedicationStatement"), subject, drug[1], drug[2], Integer.parseInt(drug[3]),
                    from, last ? null : from.plusDays(29)));
        }
        for (int i = trialStatements; i < statements; i++) {
            String[] other = OTHER_MEDICINES[random.nextInt(OTHER_MEDICINES.length)];
            LocalDate from = TODAY.minusDays(random.nextInt(historyDays));
            add(byType, "MedicationStatement", statement(nextId.apply("MedicationStatement"), subject, other[0], other[1], 1, from,
                    random.nextBoolean() ? null : from.plusDays(90)));
        }
        for (int i = 0; i < requests; i++) {
            String[] other = OTHER_MEDICINES[random.nextInt(OTHER_MEDICINES.length)];
            add(byType, "MedicationRequest", "{\"resourceType\":\"MedicationRequest\",\"id\":\"" + nextId.apply("MedicationRequest")
                    + "\",\"status\":\"" + (random.nextInt(4) == 0 ? "active" : "completed") + "\",\"intent\":\"order\","
                    + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"" + other[0]
                    + "\",\"display\":\"" + other[1] + "\"}]}," + subject + ",\"authoredOn\":\"" + TODAY.minusDays(random.nextInt(historyDays)) + "\","
                    + "\"dosageInstruction\":[{\"timing\":{\"repeat\":{\"frequency\":1,\"period\":1,\"periodUnit\":\"d\"}},"
                    + "\"doseAndRate\":[{\"doseQuantity\":{\"value\":1,\"unit\":\"tablet\"}}]}]}");
        }
        // observations: PHQ-9 totals roughly every 2-4 weeks, an item 9 answer with some, blood pressure now and then
        int every = Math.max(7, historyDays / Math.max(1, observations));
        for (int i = 0; i < observations; i++) {
            LocalDate day = TODAY.minusDays(3 + (long) every * (observations - 1 - i));
            String obsId = nextId.apply("Observation");
            if (i % 5 == 4) {
                add(byType, "Observation", "{\"resourceType\":\"Observation\",\"id\":\"" + obsId + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"85354-9\"}]},"
                        + subject + ",\"effectiveDateTime\":\"" + day + "\",\"component\":["
                        + "{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]},\"valueQuantity\":{\"value\":" + (115 + random.nextInt(30)) + ",\"unit\":\"mmHg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\"}},"
                        + "{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8462-4\"}]},\"valueQuantity\":{\"value\":" + (70 + random.nextInt(18)) + ",\"unit\":\"mmHg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\"}}]}");
            } else if (i % 5 == 3) {
                add(byType, "Observation", observation(obsId, subject, "44260-8", day, 0));
            } else {
                int score = random.nextInt(10);
                add(byType, "Observation", observation(obsId, subject, "44261-6", day, remitted.test(day) ? score / 3 : 12 + score));
            }
        }
        for (int i = 0; i < questionnaires; i++) {
            LocalDate day = TODAY.minusDays(10 + (long) (historyDays - 10) * i / questionnaires);
            add(byType, "QuestionnaireResponse", questionnaire(nextId.apply("QuestionnaireResponse"), subject, day, remitted.test(day), random));
        }
        String[][] allergens = {{"7980", "penicillin G"}, {"2670", "codeine"}, {"10831", "sulfamethoxazole"}, {"1191", "aspirin"}};
        for (int i = 0; i < allergies; i++) {
            String[] allergen = allergens[i % allergens.length];
            add(byType, "AllergyIntolerance", "{\"resourceType\":\"AllergyIntolerance\",\"id\":\"" + nextId.apply("AllergyIntolerance")
                    + "\",\"type\":\"allergy\",\"code\":{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\""
                    + allergen[0] + "\",\"display\":\"" + allergen[1] + "\"}]},\"patient\":{\"reference\":\"Patient/" + id + "\"}}");
        }
        return new Patient(id, byType);
    }

    /** The same patient with {@code count} serum glucose results, which no prefetch query of ours asks for. */
    static Patient withUnaskedLabs(Patient patient, int count) {
        Map<String, List<String>> byType = new LinkedHashMap<>();
        patient.byType().forEach((type, resources) -> byType.put(type, new ArrayList<>(resources)));
        for (int i = 0; i < count; i++) {
            add(byType, "Observation", "{\"resourceType\":\"Observation\",\"id\":\"" + patient.id() + "-lab-" + i + "\",\"status\":\"final\","
                    + "\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"laboratory\"}]}],"
                    + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"2345-7\",\"display\":\"Glucose [Mass/volume] in Serum or Plasma\"}]},"
                    + "\"subject\":{\"reference\":\"Patient/" + patient.id() + "\"},\"effectiveDateTime\":\"" + TODAY.minusDays(i) + "\","
                    + "\"valueQuantity\":{\"value\":" + (80 + i % 40) + ",\"unit\":\"mg/dL\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg/dL\"}}");
        }
        return new Patient(patient.id(), byType);
    }

    static final Pattern RESOURCE_START = Pattern.compile("^\\{\"resourceType\":\"(\\w+)\",\"id\":\"([^\"]+)\",");

    /** The same patient with meta and a generated narrative on every resource, as EHRs send them. */
    static Patient asEhrsSendIt(Patient patient) {
        Map<String, List<String>> byType = new LinkedHashMap<>();
        patient.byType().forEach((type, resources) -> resources.forEach(json -> {
            Matcher start = RESOURCE_START.matcher(json);
            if (!start.find()) {
                throw new IllegalStateException("a bench resource does not start with its type and id: " + json);
            }
            String narrative = "<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\"><p><b>Generated Narrative: " + start.group(1)
                    + "</b></p><p>Resource " + start.group(1) + " &quot;" + start.group(2) + "&quot;</p><table class=\\\"grid\\\">"
                    + "<tr><td>Status</td><td>final</td></tr><tr><td>Subject</td><td><a href=\\\"Patient/" + patient.id()
                    + "\\\">Patient</a></td></tr><tr><td>Recorded</td><td>" + TODAY + "</td></tr></table></div>";
            add(byType, type, start.group() + "\"meta\":{\"versionId\":\"3\",\"lastUpdated\":\"" + TODAY + "T10:00:00Z\"},"
                    + "\"text\":{\"status\":\"generated\",\"div\":\"" + narrative + "\"}," + json.substring(start.end()));
        }));
        return new Patient(patient.id(), byType);
    }

    static void add(Map<String, List<String>> byType, String type, String json) {
        byType.computeIfAbsent(type, t -> new ArrayList<>()).add(json);
    }

    static String condition(String id, String subject, String icd10, String display, LocalDate onset) {
        return "{\"resourceType\":\"Condition\",\"id\":\"" + id + "\",\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
                + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"" + icd10 + "\",\"display\":\"" + display + "\"}]},"
                + subject + ",\"onsetDateTime\":\"" + onset + "\",\"recordedDate\":\"" + onset + "\"}";
    }

    static String statement(String id, String subject, String rxcui, String display, int tabletsPerDay, LocalDate from, LocalDate to) {
        return "{\"resourceType\":\"MedicationStatement\",\"id\":\"" + id + "\",\"status\":\"" + (to == null ? "active" : "completed") + "\","
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"" + rxcui
                + "\",\"display\":\"" + display + "\"}]}," + subject + ",\"effectivePeriod\":{\"start\":\"" + from + "\""
                + (to == null ? "" : ",\"end\":\"" + to + "\"") + "},"
                + "\"dosage\":[{\"timing\":{\"repeat\":{\"frequency\":" + tabletsPerDay + ",\"period\":1,\"periodUnit\":\"d\"}},"
                + "\"doseAndRate\":[{\"doseQuantity\":{\"value\":1,\"unit\":\"tablet\"}}]}]}";
    }

    static String observation(String id, String subject, String loinc, LocalDate day, int value) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\""
                + loinc + "\"}]}," + subject + ",\"effectiveDateTime\":\"" + day + "\",\"valueInteger\":" + value + "}";
    }

    /** A completed PHQ-9 of nine answered items; {@code low}: a total below 5. */
    static String questionnaire(String id, String subject, LocalDate day, boolean low, Random random) {
        StringBuilder items = new StringBuilder();
        String[] codes = {"44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"};
        for (int i = 0; i < codes.length; i++) {
            int answer = i == 8 ? -1 : random.nextInt(3); // item 9 (suicidal thoughts): 0
            int score = i == 8 ? 0 : low ? (i < 4 && answer == 2 ? 1 : 0) : 1 + answer; // low: at most four 1s
            items.append(i == 0 ? "" : ",").append("{\"linkId\":\"").append(codes[i]).append("\",\"answer\":[{\"valueInteger\":")
                    .append(score).append("}]}");
        }
        return "{\"resourceType\":\"QuestionnaireResponse\",\"id\":\"" + id + "\",\"questionnaire\":\"http://loinc.org/q/44249-1\",\"status\":\"completed\","
                + subject + ",\"authored\":\"" + day + "T10:00:00Z\",\"item\":[" + items + "]}";
    }

    /** The hook request for a service and patient: prefetch by the service's keys, and the hook's context. */
    static Call call(String service, Patient patient, Map<String, String> prefetchTypes) {
        StringBuilder prefetch = new StringBuilder();
        int sent = 0;
        for (Map.Entry<String, String> key : prefetchTypes.entrySet()) {
            List<String> resources = patient.byType().getOrDefault(key.getValue(), List.of());
            prefetch.append(prefetch.length() == 0 ? "" : ",").append('"').append(key.getKey()).append("\":");
            if (key.getValue().equals("Patient")) {
                prefetch.append(resources.get(0));
            } else {
                prefetch.append("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":").append(resources.size()).append(",\"entry\":[");
                for (int i = 0; i < resources.size(); i++) {
                    prefetch.append(i == 0 ? "" : ",").append("{\"resource\":").append(resources.get(i)).append('}');
                }
                prefetch.append("]}");
            }
            sent += resources.size();
        }
        String id = patient.id();
        String subject = "\"subject\":{\"reference\":\"Patient/" + id + "\"}";
        String draft = "{\"resourceType\":\"MedicationRequest\",\"id\":\"" + id + "-draft\",\"status\":\"draft\",\"intent\":\"order\","
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"993541\","
                + "\"display\":\"bupropion hydrochloride 150 MG Extended Release Oral Tablet\"}]}," + subject + ",\"authoredOn\":\"" + TODAY + "\","
                + "\"dosageInstruction\":[{\"timing\":{\"repeat\":{\"frequency\":1,\"period\":1,\"periodUnit\":\"d\"}},\"doseAndRate\":[{\"doseQuantity\":{\"value\":1,\"unit\":\"tablet\"}}]}]}";
        String hook;
        String context = "\"userId\":\"Practitioner/bench\",\"patientId\":\"" + id + "\"";
        switch (service) {
            case "trd-order-select" -> {
                hook = "order-select";
                context += ",\"selections\":[\"MedicationRequest/" + id + "-draft\"],\"draftOrders\":{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":" + draft + "}]}";
            }
            case "trd-order-sign" -> {
                hook = "order-sign";
                context += ",\"draftOrders\":{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":" + draft + "}]}";
            }
            case "trd-questionnaire-completed" -> {
                hook = "org.trd-cds.questionnaire-completed";
                context += ",\"questionnaireResponse\":" + questionnaire(id + "-today", subject, TODAY, false, new Random(id.hashCode()));
            }
            default -> hook = "patient-view";
        }
        String body = "{\"hook\":\"" + hook + "\",\"hookInstance\":\"" + java.util.UUID.nameUUIDFromBytes((service + id).getBytes()) + "\","
                + "\"context\":{" + context + "},\"prefetch\":{" + prefetch + "}}";
        return new Call(service, body, sent + 1);
    }

    /** One size level: the service's calls for four patients (seeds 1000-1003), one at a time. */
    static void runPatients(HttpClient http, String base, String service, java.util.function.IntFunction<Patient> patientOfSeed,
                            Map<String, Map<String, String>> prefetchTypes, int seconds) throws Exception {
        List<Call> calls = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            calls.add(call(service, patientOfSeed.apply(1000 + p), prefetchTypes.get(service)));
        }
        run(http, base, calls, 1, Math.max(2, seconds / 4), String.format("%-16s %4d resources", service, calls.get(0).resources()));
    }

    /** For each service, its prefetch keys and the resource type each asks for, from discovery. */
    static Map<String, Map<String, String>> prefetchTypes(HttpClient http, String base) throws Exception {
        String discovery = http.send(HttpRequest.newBuilder(URI.create(base + "/cds-services")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Map<String, String>> byService = new LinkedHashMap<>();
        Matcher services = Pattern.compile("\"id\":\"([^\"]+)\",\"prefetch\":\\{").matcher(discovery);
        while (services.find()) {
            int end = services.end();
            boolean inString = false;
            for (int depth = 1; depth > 0; end++) {
                char c = discovery.charAt(end);
                if (c == '"' && discovery.charAt(end - 1) != '\\') {
                    inString = !inString;
                } else if (!inString && c == '{') {
                    depth++;
                } else if (!inString && c == '}') {
                    depth--;
                }
            }
            Map<String, String> keys = new LinkedHashMap<>();
            Matcher key = Pattern.compile("\"([^\"]+)\":\"([A-Za-z]+)[?/]").matcher(discovery.substring(services.end(), end));
            while (key.find()) {
                keys.put(key.group(1), key.group(2));
            }
            byService.put(services.group(1), keys);
        }
        for (String service : SERVICES) {
            if (!byService.containsKey(service)) {
                throw new IllegalStateException("discovery does not list " + service + ": " + discovery);
            }
        }
        return byService;
    }

    // ---------------------------------------------------------------- measuring

    static void waitReady(HttpClient http, String base, Process server) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited; see target/bench-server.log");
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("server not ready in 24 s; see target/bench-server.log");
    }

    /**
     * Sends a call's body three times to a stub server in this process, so that the first call to the server measures
     * the server rather than this JVM loading and compiling the HTTP client's POST path (with curl as the reference,
     * the client's first POST had added 30-120 ms).
     */
    static void warmClient(HttpClient http, Call call) throws Exception {
        com.sun.net.httpserver.HttpServer stub = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "{\"cards\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        stub.start();
        try {
            for (int i = 0; i < 3; i++) {
                timeOne(http, "http://127.0.0.1:" + stub.getAddress().getPort(), call);
            }
        } finally {
            stub.stop(0);
        }
    }

    /** The median of {@code nanos[from..to)}, in milliseconds. */
    static double medianMs(long[] nanos, int from, int to) {
        long[] part = Arrays.copyOfRange(nanos, from, to);
        Arrays.sort(part);
        return pct(part, 50);
    }

    static long timeOne(HttpClient http, String base, Call call) throws Exception {
        long start = System.nanoTime();
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/cds-services/" + call.service()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call.body())).build(),
                HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from " + call.service() + ": " + response.body());
        }
        return elapsed;
    }

    static void run(HttpClient http, String base, List<Call> calls, int concurrency, int seconds, String label) throws Exception {
        GcPauses gcBefore = GcPauses.read();
        long serverCpuBefore = serverCpuNanos(), benchCpuBefore = benchCpuNanos();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        List<Future<long[]>> workers = new ArrayList<>();
        long began = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < deadline) {
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = timeOne(http, base, calls.get(Math.floorMod(next.getAndIncrement(), calls.size())));
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> worker : workers) {
            long[] some = worker.get();
            int from = all.length;
            all = Arrays.copyOf(all, from + some.length);
            System.arraycopy(some, 0, all, from, some.length);
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        double serverCpu = (serverCpuNanos() - serverCpuBefore) / 1e6 / all.length, benchCpu = (benchCpuNanos() - benchCpuBefore) / 1e6 / all.length;
        System.out.printf("%s: %d calls, %.0f calls/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; CPU per call: server %.2f ms, bench client %.2f ms%s%n",
                label, all.length, all.length / elapsed, pct(all, 50), pct(all, 90), pct(all, 99), all[all.length - 1] / 1e6, serverCpu, benchCpu,
                GcPauses.read().since(gcBefore, elapsed));
    }

    /**
     * The server's garbage collections so far, from its performance counters: how many and how long the
     * pauses of the young collector (counter 0) and the old-generation, full collector (counter 1) were.
     * Serial and parallel collectors stop every call while they run, so their share of the time is latency
     * every call in flight then waits for, and a full collection is one pause as long as the heap is live.
     */
    record GcPauses(long young, double youngMs, long full, double fullMs) {
        static final Pattern COUNTER = Pattern.compile("^sun\\.gc\\.collector\\.([01])\\.(invocations|time)=(\\d+)");
        static final Pattern FREQUENCY = Pattern.compile("^sun\\.os\\.hrt\\.frequency=(\\d+)");

        static GcPauses read() throws Exception {
            if (measuredServer == null) {
                return null;
            }
            long[] counts = new long[2], ticks = new long[2];
            double ticksPerMs = 1e6;
            for (String line : jcmd(measuredServer.pid(), "PerfCounter.print").split("\n")) {
                Matcher counter = COUNTER.matcher(line), frequency = FREQUENCY.matcher(line);
                if (counter.find()) {
                    int collector = Integer.parseInt(counter.group(1));
                    long value = Long.parseLong(counter.group(3));
                    if (counter.group(2).equals("invocations")) {
                        counts[collector] = value;
                    } else {
                        ticks[collector] = value;
                    }
                } else if (frequency.find()) {
                    ticksPerMs = Long.parseLong(frequency.group(1)) / 1e3;
                }
            }
            return new GcPauses(counts[0], ticks[0] / ticksPerMs, counts[1], ticks[1] / ticksPerMs);
        }

        /** What was collected since {@code before}, over {@code seconds} of run; empty when either is unknown. */
        String since(GcPauses before, double seconds) {
            if (before == null) {
                return "";
            }
            double pausedMs = youngMs - before.youngMs + fullMs - before.fullMs;
            return String.format("; GC: %d young pauses %.0f ms, %d full %.0f ms, paused %.1f%% of the time",
                    young - before.young, youngMs - before.youngMs, full - before.full, fullMs - before.fullMs,
                    pausedMs / (seconds * 10));
        }
    }

    /** The server process being measured, for its CPU time: the client shares the same cores, so both are shown. */
    static volatile ProcessHandle measuredServer;

    static long serverCpuNanos() {
        return measuredServer == null ? 0 : measuredServer.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    static long benchCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double pct(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
            }
        }
        return -1;
    }

    static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /**
     * The live heap after a full collection, in KB and by class, and resident memory: the class histogram,
     * which the JVM counts in the same pause as the full collection it runs first. (GC.run followed by
     * GC.heap_info also counted what the server allocated between the two commands, such as the card index
     * being written after a soak: up to a whole young generation of noise.)
     */
    record HeapSample(double seconds, long heapKb, long residentMb, Map<String, Long> bytesByClass) {
        static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
        static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)");

        static HeapSample take(long pid, long since) {
            try {
                Map<String, Long> bytes = new LinkedHashMap<>();
                long total = -1;
                for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
                    Matcher row = ROW.matcher(line), sum = TOTAL.matcher(line);
                    if (row.find()) {
                        bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
                    } else if (sum.find()) {
                        total = Long.parseLong(sum.group(1));
                    }
                }
                if (total < 0) {
                    throw new IllegalStateException("jcmd GC.class_histogram printed no total");
                }
                return new HeapSample((System.nanoTime() - since) / 1e9, total / 1024, status(pid, "VmRSS"), bytes);
            } catch (Exception e) {
                throw new IllegalStateException("cannot sample the server's heap", e);
            }
        }
    }

    static String jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String text = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        return text;
    }
}
