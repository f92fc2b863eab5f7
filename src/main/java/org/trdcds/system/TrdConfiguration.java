package org.trdcds.system;

import ca.uhn.fhir.context.FhirContext;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import com.fasterxml.jackson.core.StreamReadConstraints;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.KotlinSerializationJsonHttpMessageConverter;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.trdcds.cards.CardFactory;
import org.trdcds.content.ContentCatalog;
import org.trdcds.hooks.HooksController;
import org.trdcds.patientdata.FhirServerFetcher;
import org.trdcds.patientdata.PatientDataGatherer;
import org.trdcds.rules.RuleEngine;

/** Wires the pipeline once per process: FHIR context, content, compiled CQL, data gathering, cards. */
@Configuration(proxyBeanMethods = false)
class TrdConfiguration {

    // HAPI's cached context: the one EarlyParts used, waited for if it is still being built.
    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    // These two may have been built on EarlyParts' thread while Spring started; if so, the same instances.
    @Bean
    ContentCatalog contentCatalog(FhirContext fhirContext) {
        return EarlyParts.process().content(() -> new ContentCatalog(fhirContext));
    }

    @Bean
    RuleEngine ruleEngine(FhirContext fhirContext, ContentCatalog content) {
        return EarlyParts.process().rules(() -> new RuleEngine(fhirContext, content.valueSets()));
    }

    @Bean(destroyMethod = "close")
    FhirServerFetcher fhirServerFetcher(FhirContext fhirContext,
                                        @Value("${trd.fetch.deadline:2s}") java.time.Duration deadline,
                                        @Value("${trd.fetch.threads:16}") int threads) {
        return new FhirServerFetcher(fhirContext, deadline, threads);
    }

    @Bean
    PatientDataGatherer patientDataGatherer(FhirContext fhirContext, FhirServerFetcher fetcher) {
        return new PatientDataGatherer(fhirContext, fetcher);
    }

    @Bean
    CardFactory cardFactory(FhirContext fhirContext, ContentCatalog content) {
        return new CardFactory(fhirContext, content.expansion(ContentCatalog.OVERRIDE_REASONS).stream()
                .map(c -> new org.trdcds.cards.Card.Coding(c.getSystem(), c.getCode(), c.getDisplay())).toList());
    }

    @Bean
    ClinicalClock clinicalClock(@Value("${trd.clock.zone:UTC}") String zone,
                                @Value("${trd.clock.fixed:}") String fixed) {
        return new ClinicalClock(ZoneId.of(zone), fixed.isBlank() ? null : LocalDate.parse(fixed));
    }

    /** Bounds JSON nesting: a hostile body cannot exhaust the stack (FHIR needs far fewer levels). */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer boundedJsonNesting(@Value("${trd.http.max-json-depth:100}") int maxDepth) {
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(maxDepth).build()));
    }

    /**
     * JSON is written by Jackson only. The CQL engine brings kotlinx.serialization onto the classpath, and
     * Spring then asks its converter first, for every response, whether it can write the body; the answer
     * costs a reflective lookup that throws (seen in the profile of the server under load, issue 7).
     */
    @Bean
    WebMvcConfigurer jacksonOnlyJson() {
        return new WebMvcConfigurer() {
            @Override
            public void extendMessageConverters(java.util.List<HttpMessageConverter<?>> converters) {
                converters.removeIf(converter -> converter instanceof KotlinSerializationJsonHttpMessageConverter);
            }
        };
    }

    @Bean
    HooksController.HooksSettings hooksSettings(@Value("${trd.http.max-body-size:5MB}") DataSize maxBody,
                                                @Value("${trd.http.in-flight-budget:}") DataSize inFlightBudget,
                                                @Value("${trd.http.busy-wait:10s}") Duration busyWait) {
        // unset: the settings size the budget from the heap
        return new HooksController.HooksSettings(maxBody.toBytes(), inFlightBudget == null ? 0 : inFlightBudget.toBytes(), busyWait);
    }
}
