package org.trdcds.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * HAPI FHIR's R4 instance validator, offline: the core definitions, the common code systems, in-memory
 * terminology, snapshot generation, and our own CodeSystems, ValueSets (with their shipped expansions)
 * and profiles from {@code fhir-resources/}. Build it once (a few seconds) and reuse it.
 *
 * <p>An error is a problem, except an error about a code of LOINC, SNOMED CT, RxNorm, ICD-10-CM, CPT
 * or HCPCS that no offline validator can look up ({@link OfflineTerminology}). Warnings and
 * information are never problems.
 */
public final class FhirR4Validator {

    /** One error: the file, where in the resource, and HAPI's message. */
    public record Problem(String file, String location, String message) {
        @Override
        public String toString() {
            return file + " @ " + location + ": " + message;
        }
    }

    private final FhirContext fhirContext = FhirContext.forR4();
    private final FhirValidator validator;

    /** A validator that knows the CodeSystems, ValueSets and StructureDefinitions among these resources. */
    public FhirR4Validator(List<Resource> ownContent) {
        PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(fhirContext);
        List<ValueSet> valueSets = new ArrayList<>();
        for (Resource resource : ownContent) {
            if (resource instanceof CodeSystem || resource instanceof StructureDefinition) {
                own.addResource(resource);
            } else if (resource instanceof ValueSet valueSet) {
                own.addResource(valueSet);
                valueSets.add(valueSet);
            }
        }
        ValidationSupportChain chain = new ValidationSupportChain(
                new ShippedExpansionValidationSupport(fhirContext, valueSets),
                new DefaultProfileValidationSupport(fhirContext),
                own,
                new CommonCodeSystemsTerminologyService(fhirContext),
                new InMemoryTerminologyServerValidationSupport(fhirContext),
                new SnapshotGeneratingValidationSupport(fhirContext));
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        validator = fhirContext.newValidator().registerValidatorModule(instanceValidator);
    }

    /** A validator that knows the CodeSystems, ValueSets and profiles shipped in {@code fhir-resources/}. */
    public static FhirR4Validator forShippedContent() {
        return new FhirR4Validator(shippedContent());
    }

    /**
     * The shipped content (no examples), parsed. A file HAPI cannot even parse is left out here: its own
     * validation reports the fault with its file and location.
     */
    public static List<Resource> shippedContent() {
        FhirContext parsing = FhirContext.forR4Cached();
        List<Resource> content = new ArrayList<>();
        for (Path file : FhirContentFiles.content()) {
            try {
                content.add((Resource) parsing.newJsonParser().parseResource(read(file)));
            } catch (DataFormatException e) {
                // left out, see above
            }
        }
        return content;
    }

    /** The errors in one file of FHIR JSON. */
    public List<Problem> errors(Path file) {
        return errors(file.toString(), read(file));
    }

    /** The errors in a FHIR JSON text; {@code name} says where it came from. */
    public List<Problem> errors(String name, String json) {
        List<Problem> problems = new ArrayList<>();
        for (SingleValidationMessage message : validator.validateWithResult(json).getMessages()) {
            if (isError(message) && !OfflineTerminology.cannotCheck(message)) {
                problems.add(new Problem(name, message.getLocationString(), message.getMessage()));
            }
        }
        return problems;
    }

    /** Every message HAPI gives, errors or not: for diagnosing a failure. */
    public List<SingleValidationMessage> messages(String json) {
        return validator.validateWithResult(json).getMessages();
    }

    private static boolean isError(SingleValidationMessage message) {
        return message.getSeverity() == ResultSeverityEnum.ERROR || message.getSeverity() == ResultSeverityEnum.FATAL;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
