package org.trdcds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;
import org.trdcds.system.EarlyParts;

/** trd-cds: a CDS Hooks 2.0 service for treatment-resistant depression, with its logic in CQL. */
@SpringBootApplication
public class TrdCdsApplication {
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(TrdCdsApplication.class);
        // The early parts are built on the other core while Spring starts. They begin once Spring has taken
        // logging over (its logging listener runs first on this event and suppresses everything until logging
        // is configured), so what HAPI logs while they are built is either dropped or in the server's format,
        // never in logback's default one (ServerLogFormatIT).
        application.addListeners((ApplicationListener<ApplicationStartingEvent>) starting -> EarlyParts.begin());
        application.run(args);
    }
}
