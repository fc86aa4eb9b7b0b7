package org.parley.web.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API lives under /api; resources and providers are found by scanning. */
@ApplicationPath("/api")
public class RestApplication extends Application {}
