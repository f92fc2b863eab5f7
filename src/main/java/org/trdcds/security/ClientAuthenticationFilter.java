package org.trdcds.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.trdcds.hooks.OperationOutcomes;

/**
 * Guards {@code /cds-services/**} (discovery, service calls, feedback): a valid client JWT, or no token at all
 * when anonymous calls are allowed. Runs before anything else reads the request, so 401 comes first. CORS
 * preflight ({@code OPTIONS}) needs no token. The reason for a refusal is logged; the token never is.
 */
public final class ClientAuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ClientAuthenticationFilter.class);

    private final ClientJwtVerifier verifier;
    private final SecuritySettings settings;
    private final ObjectMapper json = new ObjectMapper();

    public ClientAuthenticationFilter(ClientJwtVerifier verifier, SecuritySettings settings) {
        this.verifier = verifier;
        this.settings = settings;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "OPTIONS".equals(request.getMethod()) || !(path.equals("/cds-services") || path.startsWith("/cds-services/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            if (settings.allowAnonymous()) {
                chain.doFilter(request, response);
            } else {
                refuse(response, "no Authorization header");
            }
            return;
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            refuse(response, "Authorization is not a Bearer token");
            return;
        }
        try {
            String issuer = verifier.verify(authorization.substring(7).strip(), CalledUrl.of(request, settings.forwardedHeaders()));
            log.debug("client authenticated: {}", issuer);
        } catch (AuthenticationFailedException e) {
            refuse(response, e.getMessage());
            return;
        } catch (ReplayStoreUnavailableException e) {
            unavailable(response, e);
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, String reason) throws IOException {
        log.warn("TRD-E050 client authentication refused: {}", reason);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        write(response, HttpServletResponse.SC_UNAUTHORIZED, "security", "TRD-E050",
                "Authentication failed: a valid CDS Hooks client JWT is required");
    }

    /** The token could not be checked for replay: refused, but as a fault of ours that the client may retry. */
    private void unavailable(HttpServletResponse response, ReplayStoreUnavailableException e) throws IOException {
        log.error("TRD-E051 client authentication impossible: {} ({})", e.getMessage(),
                e.getCause() == null ? "" : e.getCause().getClass().getSimpleName());
        write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "transient", "TRD-E051",
                "The token could not be checked for replay; retry later");
    }

    private void write(HttpServletResponse response, int status, String issueCode, String errorCode, String message)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), OperationOutcomes.of(status, issueCode, errorCode, message));
    }
}
