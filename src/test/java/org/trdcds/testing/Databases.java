package org.trdcds.testing;

import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Databases for tests: a fresh H2 file under target/, and the PostgreSQL that {@code .ci/run} starts, named by
 * {@code TRD_TEST_POSTGRES_URL}, {@code TRD_TEST_POSTGRES_USER} and {@code TRD_TEST_POSTGRES_PASSWORD}.
 */
public final class Databases {

    public static final String POSTGRES_URL = "TRD_TEST_POSTGRES_URL";

    private Databases() {}

    /** A new, empty H2 database file (its path without the .mv.db suffix). */
    public static Path newH2File(String name) {
        return Path.of("target", "test-data", name + "-" + UUID.randomUUID()).toAbsolutePath().resolve("trd-cds");
    }

    /**
     * The application's arguments for an embedded H2 file at {@code file}, with the connection options the
     * application ships (application.properties), so that durability tests test what operators run.
     */
    public static String[] embeddedH2Args(Path file) {
        return new String[] {"--trd.database.file=" + file};
    }

    public static String postgresUrl() {
        return System.getenv(POSTGRES_URL);
    }

    public static String postgresUser() {
        return System.getenv().getOrDefault("TRD_TEST_POSTGRES_USER", "trdcds");
    }

    public static String postgresPassword() {
        return System.getenv().getOrDefault("TRD_TEST_POSTGRES_PASSWORD", "");
    }

    /** The application's connection properties for a datasource URL (H2 needs no user). */
    public static String[] datasourceArgs(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new String[] {"--spring.datasource.url=" + url, "--spring.datasource.username=" + postgresUser(),
                    "--spring.datasource.password=" + postgresPassword()};
        }
        return new String[] {"--spring.datasource.url=" + url};
    }

    /** A migrated in-memory H2 database, as the application would find it. */
    public static DataSource migratedH2InMemory() {
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }
}
