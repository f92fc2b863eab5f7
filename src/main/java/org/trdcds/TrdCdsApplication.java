package org.trdcds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** trd-cds: a CDS Hooks 2.0 service for treatment-resistant depression, with its logic in CQL. */
@SpringBootApplication
public class TrdCdsApplication {
    public static void main(String[] args) {
        org.trdcds.system.EarlyParts.begin(); // on the other core while Spring starts
        SpringApplication.run(TrdCdsApplication.class, args);
    }
}
