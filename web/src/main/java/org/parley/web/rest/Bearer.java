package org.parley.web.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

/** The credential of an {@code Authorization: Bearer <credential>} header. */
final class Bearer {

    private static final String PREFIX = "bearer ";

    private Bearer() {}

    /** The credential, or null when the header is missing or not a bearer one. */
    static String of(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        return header.substring(PREFIX.length()).strip();
    }
}
