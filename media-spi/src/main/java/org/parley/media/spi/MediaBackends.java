package org.parley.media.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds media backends on the class path. */
public final class MediaBackends {

    private MediaBackends() {
    }

    /** Every provider visible to {@code loader}. */
    public static List<MediaBackendProvider> available(ClassLoader loader) {
        List<MediaBackendProvider> providers = new ArrayList<>();
        ServiceLoader.load(MediaBackendProvider.class, loader).forEach(providers::add);
        return providers;
    }

    /**
     * The provider called {@code name}, or the only one present when {@code name} is null or blank.
     *
     * @throws IllegalStateException naming what is available when the choice is impossible
     */
    public static MediaBackendProvider find(String name, ClassLoader loader) {
        List<MediaBackendProvider> providers = available(loader);
        List<String> names = providers.stream().map(MediaBackendProvider::name).toList();
        if (name == null || name.isBlank()) {
            if (providers.size() == 1) {
                return providers.get(0);
            }
            throw new IllegalStateException(providers.isEmpty()
                    ? "No media backend on the class path (expected e.g. parley-media-jvb)."
                    : "Several media backends " + names + ": choose one with parley.media.backend.");
        }
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No media backend named '" + name + "'; available: " + names));
    }
}
