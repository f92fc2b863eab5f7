package org.trdcds.security;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import java.util.List;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/** Client authentication first in the filter chain, and CORS for browser-based CDS clients. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /**
     * The jti replay cache named by {@code trd.security.replay-store}. By default ({@code auto}) it is in the
     * database whenever the database is a server, so that pointing the replicas at one PostgreSQL is all it
     * takes for a replayed token to be refused by all of them. With the embedded H2 file, which one process
     * alone can open, it is in memory: there are no replicas to share it with, and a commit per call to that
     * file would cost every call about a millisecond (p90 11 ms measured).
     */
    @Bean
    ReplayCache replayCache(SecuritySettings settings, ObjectProvider<JdbcTemplate> jdbc,
                            @Value("${spring.datasource.url:}") String datasourceUrl) {
        boolean embedded = isEmbedded(datasourceUrl);
        SecuritySettings.ReplayStore store = settings.replayStore() != SecuritySettings.ReplayStore.AUTO ? settings.replayStore()
                : embedded ? SecuritySettings.ReplayStore.MEMORY : SecuritySettings.ReplayStore.DATABASE;
        log.info("jti replay cache: {} ({})", store.name().toLowerCase(java.util.Locale.ROOT),
                embedded ? "embedded database" : "database server");
        return switch (store) {
            case DATABASE -> new DatabaseReplayCache(jdbc.getObject(), datasourceUrl.startsWith("jdbc:postgresql:"),
                    settings.replayPurgeInterval(), Clock.systemUTC());
            default -> new MemoryReplayCache(settings.replayCacheSize());
        };
    }

    /** An H2 database inside this process (a file or memory), as opposed to a server several replicas share. */
    static boolean isEmbedded(String datasourceUrl) {
        return datasourceUrl.isBlank() || (datasourceUrl.startsWith("jdbc:h2:")
                && !datasourceUrl.startsWith("jdbc:h2:tcp:") && !datasourceUrl.startsWith("jdbc:h2:ssl:"));
    }

    @Bean
    ClientJwtVerifier clientJwtVerifier(SecuritySettings settings, ReplayCache replayCache) {
        return new ClientJwtVerifier(settings, replayCache, Clock.systemUTC());
    }

    @Bean
    FilterRegistrationBean<ClientAuthenticationFilter> clientAuthentication(ClientJwtVerifier verifier, SecuritySettings settings) {
        FilterRegistrationBean<ClientAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ClientAuthenticationFilter(verifier, settings));
        registration.addUrlPatterns("/cds-services", "/cds-services/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Before authentication, so that a browser can read a 401 too; preflight needs no token. */
    @Bean
    FilterRegistrationBean<CorsFilter> corsForCdsClients(SecuritySettings settings) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(settings.corsAllowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept"));
        cors.setExposedHeaders(List.of("WWW-Authenticate"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/cds-services", cors);
        source.registerCorsConfiguration("/cds-services/**", cors);
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
