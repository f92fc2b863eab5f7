package org.trdcds.testing;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.Locale;

/**
 * The code systems that no offline validator can look a code up in (they are licensed or too large to
 * ship: LOINC, SNOMED CT, RxNorm, ICD-10-CM, CPT, HCPCS). A validation issue that only says such a
 * system or code is unknown, or could not be checked, is a limit of the test, not a fault of the content.
 * An issue that names our own canonical URLs (membership in our ValueSets) is always checkable.
 */
final class OfflineTerminology {

    static final List<String> SYSTEMS = List.of(
            "http://loinc.org",
            "http://snomed.info/sct",
            "http://www.nlm.nih.gov/research/umls/rxnorm",
            "http://hl7.org/fhir/sid/icd-10-cm",
            "http://www.ama-assn.org/go/cpt",
            "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets");

    /** The wording HAPI and the core validator use for "I cannot look this up". */
    private static final List<String> CANNOT_LOOK_UP = List.of(
            "unknown", "can't be validated", "cannot be validated", "unable to validate", "not-present",
            "could not be found", "was not found", "unable to expand", "not supported");

    private static final String OWN_CANONICAL_BASE = "http://trd-cds.org/fhir/";

    private OfflineTerminology() {}

    static boolean cannotCheck(SingleValidationMessage message) {
        String text = message.getMessage() == null ? "" : message.getMessage();
        String lower = text.toLowerCase(Locale.ROOT);
        boolean aboutOurContent = text.contains(OWN_CANONICAL_BASE); // membership in our ValueSets is checkable
        return !aboutOurContent && SYSTEMS.stream().anyMatch(text::contains)
                && CANNOT_LOOK_UP.stream().anyMatch(lower::contains);
    }
}
