package org.trdcds.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The URL that {@code aud} must equal, directly and behind a proxy. */
class CalledUrlTest {

    private static MockHttpServletRequest request() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cds-services/trd-patient-view");
        request.setScheme("http");
        request.setServerName("10.0.0.5");
        request.setServerPort(8080);
        request.addHeader("X-Forwarded-Proto", "https");
        request.addHeader("X-Forwarded-Host", "cds.example.org");
        request.addHeader("X-Forwarded-Port", "443");
        request.addHeader("X-Forwarded-Prefix", "/trd");
        return request;
    }

    @Test
    void forwardedHeadersAreIgnoredUnlessConfigured() {
        assertThat(CalledUrl.of(request(), false)).isEqualTo("http://10.0.0.5:8080/cds-services/trd-patient-view");
    }

    @Test
    void behindATrustedProxyTheUrlIsRebuiltFromForwardedHeaders() {
        assertThat(CalledUrl.of(request(), true)).isEqualTo("https://cds.example.org/trd/cds-services/trd-patient-view");
    }

    @Test
    void aNonDefaultForwardedPortIsKept() {
        MockHttpServletRequest request = request();
        request.removeHeader("X-Forwarded-Port");
        request.addHeader("X-Forwarded-Port", "8443");
        assertThat(CalledUrl.of(request, true)).isEqualTo("https://cds.example.org:8443/trd/cds-services/trd-patient-view");
    }

    @Test
    void trailingSlashesDoNotMatter() {
        assertThat(ClientJwtVerifier.sameUrl("https://a.org/cds-services/", "https://a.org/cds-services")).isTrue();
        assertThat(ClientJwtVerifier.sameUrl("https://a.org/cds-services/x", "https://a.org/cds-services")).isFalse();
    }
}
