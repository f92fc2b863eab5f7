package org.trdcds.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real fat jar ({@code target/trd-cds.jar}, built by {@code mvn package} before the integration tests) in
 * a process of its own, started with the {@code java} that runs the tests and, as in production, with
 * {@code MALLOC_ARENA_MAX=2} (fewer glibc malloc arenas, less native memory). Its output goes to a file under
 * {@code target/it-logs/}. {@link #kill()} is SIGKILL: no shutdown hook, no flush, no goodbye.
 */
public final class ServerProcess implements AutoCloseable {

    public static final Path JAR = Path.of(System.getProperty("trd.it.jar", "target/trd-cds.jar"));
    /** The production JVM options, a java argument file: pass {@code "@" + } its path as a JVM option. */
    public static final Path PRODUCTION_JVM_OPTIONS = Path.of("src/main/dist/jvm.options");

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the jar on a free port with these arguments, and waits until it is ready (health UP). It starts as in
     * production, from the bean definitions written at build time ({@code spring.aot.enabled}, see jvm.options).
     */
    public static ServerProcess start(String name, String... args) throws IOException, InterruptedException {
        return start(name, List.of("-Xmx512m", "-XX:+UseSerialGC", "-Dspring.aot.enabled=true"), args);
    }

    /** Starts the jar with these JVM options (heap, GC…) and arguments, and waits until it is ready. */
    public static ServerProcess start(String name, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the integration tests with mvn verify");
        }
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString(), "--server.port=" + port, "--trd.clock.fixed=2026-06-01"));
        command.addAll(List.of(args));
        Path log = Path.of("target", "it-logs", name + "-" + port + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder launch = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        launch.environment().put("MALLOC_ARENA_MAX", "2"); // as README "Running in production" runs it
        Process process = launch.start();
        ServerProcess server = new ServerProcess(process, port, log);
        server.awaitReady(Duration.ofSeconds(180));
        return server;
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server was not ready within " + timeout + "; see " + log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL (Process.destroyForcibly on Linux), then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
