package org.parley.web.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API lives under /api; resources and providers are found by scanning. Its description (MicroProfile
 * OpenAPI) is served at /openapi.
 */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "Parley", version = "1",
        description = "Rooms, their connections, host credentials and draining a node. Errors are {code, message} "
                + "(ApiError)."))
@SecurityScheme(securitySchemeName = RestApplication.HOST_AUTH, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The host key (PARLEY_HOST_KEY), a host credential issued with it, or a sign-in token of the "
                + "configured identity provider (parley.jwt.issuer) for someone in the hosts' group")
public class RestApplication extends Application {

    /** The security scheme every resource for hosts names. */
    public static final String HOST_AUTH = "host";
}
