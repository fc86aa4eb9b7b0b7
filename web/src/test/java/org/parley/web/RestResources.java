package org.parley.web;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The application's JAX-RS resources as compiled (target/classes), and the operations they declare. */
final class RestResources {

    private static final Map<Class<? extends Annotation>, String> METHODS = Map.of(GET.class, "get", POST.class, "post",
            PUT.class, "put", DELETE.class, "delete");

    /** One resource method: its HTTP method (lower case), full path under /api, and documented response codes. */
    record Operation(String method, String path, Set<String> responseCodes) {}

    private RestResources() {}

    static List<Class<?>> all() {
        java.nio.file.Path classes = Paths.get("target", "classes");
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$"))
                    .map(f -> classes.relativize(f).toString().replace(java.io.File.separatorChar, '.')
                            .replaceAll("\\.class$", ""))
                    .map(RestResources::load)
                    .filter(c -> c.isAnnotationPresent(Path.class))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Operation> operations(Class<?> resource) {
        String base = "/api/" + resource.getAnnotation(Path.class).value();
        List<Operation> operations = new ArrayList<>();
        for (Method method : resource.getDeclaredMethods()) {
            METHODS.forEach((annotation, name) -> {
                if (method.isAnnotationPresent(annotation)) {
                    Path sub = method.getAnnotation(Path.class);
                    Set<String> codes = Arrays.stream(method.getAnnotationsByType(APIResponse.class))
                            .map(APIResponse::responseCode).collect(Collectors.toSet());
                    operations.add(new Operation(name, sub == null ? base : base + "/" + sub.value(), codes));
                }
            });
        }
        return operations;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, RestResources.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("Cannot load " + name, e);
        }
    }
}
