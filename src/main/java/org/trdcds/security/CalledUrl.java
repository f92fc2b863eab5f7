package org.trdcds.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The URL the client called (scheme, host, port, path), against which {@code aud} is checked: as the server
 * saw it, or rebuilt from X-Forwarded-Proto/Host/Port/Prefix when the server sits behind a trusted proxy.
 */
final class CalledUrl {
    private CalledUrl() {}

    static String of(HttpServletRequest request, boolean forwardedHeaders) {
        if (!forwardedHeaders || request.getHeader("X-Forwarded-Host") == null) {
            return request.getRequestURL().toString();
        }
        String proto = firstValue(request.getHeader("X-Forwarded-Proto"), request.getScheme());
        String host = firstValue(request.getHeader("X-Forwarded-Host"), request.getServerName());
        String port = firstValue(request.getHeader("X-Forwarded-Port"), null);
        String prefix = firstValue(request.getHeader("X-Forwarded-Prefix"), "");
        StringBuilder url = new StringBuilder(proto).append("://").append(host);
        boolean defaultPort = port == null || ("https".equals(proto) && "443".equals(port)) || ("http".equals(proto) && "80".equals(port));
        if (!defaultPort && !host.contains(":")) {
            url.append(':').append(port);
        }
        String path = request.getRequestURI();
        return url.append(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix).append(path).toString();
    }

    private static String firstValue(String header, String fallback) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).strip();
    }
}
