package org.trdcds.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Answers "is this code in that value set?" from the expansion shipped inside our ValueSets.
 *
 * <p>HAPI's in-memory terminology service expands a ValueSet from its {@code compose} and ignores the
 * shipped {@code expansion}. Offline it cannot expand a compose that names whole external systems or
 * SNOMED filters, so a code listed in the shipped expansion still fails membership (stack-notes trap
 * 11). This support goes first in the chain and knows only the ValueSets that ship an expansion; for
 * any other value set it says nothing and the rest of the chain answers.
 */
public final class ShippedExpansionValidationSupport implements IValidationSupport {

    private final FhirContext fhirContext;
    /** value set url → "system|code" → display (may be null) */
    private final Map<String, Map<String, String>> members = new HashMap<>();

    public ShippedExpansionValidationSupport(FhirContext fhirContext, Collection<ValueSet> valueSets) {
        this.fhirContext = fhirContext;
        for (ValueSet valueSet : valueSets) {
            if (!valueSet.hasExpansion()) {
                continue;
            }
            Map<String, String> codes = new HashMap<>();
            collect(valueSet.getExpansion().getContains(), codes);
            members.put(valueSet.getUrl(), codes);
        }
    }

    private static void collect(Collection<ValueSet.ValueSetExpansionContainsComponent> contains, Map<String, String> codes) {
        for (ValueSet.ValueSetExpansionContainsComponent entry : contains) {
            if (entry.hasCode()) {
                codes.put(entry.getSystem() + "|" + entry.getCode(), entry.getDisplay());
            }
            collect(entry.getContains(), codes);
        }
    }

    @Override
    public FhirContext getFhirContext() {
        return fhirContext;
    }

    @Override
    public String getName() {
        return "trd-cds shipped ValueSet expansions";
    }

    @Override
    public boolean isValueSetSupported(ValidationSupportContext context, String valueSetUrl) {
        return members.containsKey(withoutVersion(valueSetUrl));
    }

    @Override
    public CodeValidationResult validateCode(ValidationSupportContext context, ConceptValidationOptions options,
                                             String system, String code, String display, String valueSetUrl) {
        if (valueSetUrl == null || !members.containsKey(withoutVersion(valueSetUrl))) {
            return null;
        }
        return membership(withoutVersion(valueSetUrl), system, code, options);
    }

    @Override
    public CodeValidationResult validateCodeInValueSet(ValidationSupportContext context, ConceptValidationOptions options,
                                                       String system, String code, String display, IBaseResource valueSet) {
        if (!(valueSet instanceof ValueSet r4) || !members.containsKey(r4.getUrl())) {
            return null;
        }
        return membership(r4.getUrl(), system, code, options);
    }

    private CodeValidationResult membership(String url, String system, String code, ConceptValidationOptions options) {
        Map<String, String> codes = members.get(url);
        boolean systemUnknown = system == null || (options != null && options.isInferSystem());
        for (Map.Entry<String, String> member : codes.entrySet()) {
            String[] parts = member.getKey().split("\\|", 2);
            if (parts[1].equals(code) && (systemUnknown || parts[0].equals(system))) {
                return new CodeValidationResult().setCode(code).setCodeSystemName(parts[0])
                        .setDisplay(member.getValue()).setSourceDetails("shipped expansion of " + url);
            }
        }
        return new CodeValidationResult().setSeverity(IssueSeverity.ERROR).setCode(code)
                .setMessage("code " + system + "|" + code + " is not in the shipped expansion of " + url);
    }

    private static String withoutVersion(String canonical) {
        int bar = canonical.indexOf('|');
        return bar < 0 ? canonical : canonical.substring(0, bar);
    }
}
