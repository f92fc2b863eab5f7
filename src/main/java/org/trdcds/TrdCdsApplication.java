package org.trdcds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.trdcds.system.EarlyParts;

/** trd-cds: a CDS Hooks 2.0 service for treatment-resistant depression, with its logic in CQL. */
@SpringBootApplication
public class TrdCdsApplication {
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(TrdCdsApplication.class);
        // The early parts are built on the other core while Spring starts. They begin once Spring has configured
        // logging (its logging listener runs first on this event), so what HAPI logs while they are built is in
        // the server's format. Begun at Spring's starting event, while logging was only suppressed, a line logged
        // while Spring configured logging met no appender, and logback printed its own warning in its own format
        // (5 of 6 starts with the class data sharing archive; ServerLogFormatIT).
        application.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>) prepared -> EarlyParts.begin());
        application.run(args);
    }
}
