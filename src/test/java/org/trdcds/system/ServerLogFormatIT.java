package org.trdcds.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.trdcds.testing.Databases;
import org.trdcds.testing.ServerProcess;

/**
 * The jar's log, from its first line, is in one format: the server's (Spring Boot's: an ISO timestamp, the
 * level, the pid, the thread, the logger). The early parts are built on a thread of their own while Spring
 * starts, and HAPI logs while they are built. When they began before Spring had taken logging over, HAPI's two
 * lines came out first, in logback's default format, which a log shipper parsing the server's format would
 * misread.
 */
class ServerLogFormatIT {

    /** logback's format before any configuration: {@code 07:30:22.366 [early-parts] INFO ca.uhn...}. */
    static final Pattern LOGBACK_DEFAULT = Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[.*");
    /** The server's: {@code 2026-12-07T07:30:24.216Z  INFO 18514 --- [trd-cds] [main] org.trdcds...}. */
    static final Pattern SERVER_FORMAT = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z +[A-Z]+ \\d+ --- .*");

    @Test
    void everyLineOfAStartIsInTheServersFormat() throws Exception {
        String log;
        try (ServerProcess server = ServerProcess.start("log-format",
                List.of("@" + ServerProcess.PRODUCTION_JVM_OPTIONS.toAbsolutePath()),
                Databases.embeddedH2Args(Databases.newH2File("log-format"))[0])) {
            log = server.log();
        }
        List<String> lines = log.lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).as("the log of a start").hasSizeGreaterThan(5);
        assertThat(lines).noneMatch(line -> LOGBACK_DEFAULT.matcher(line).matches());
        assertThat(lines).allMatch(line -> SERVER_FORMAT.matcher(line).matches());
        assertThat(lines).anyMatch(line -> line.contains("Started TrdCdsApplication"));
    }
}
