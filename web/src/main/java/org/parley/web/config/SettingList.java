package org.parley.web.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A setting that lists values separated by commas. Payara's MicroProfile Config injects no {@code Optional<List<…>>},
 * so such settings arrive as text and are split here: entries stripped of surrounding blanks, empty ones skipped.
 */
public final class SettingList {

    private SettingList() {
    }

    /** The entries of {@code text}, in order; none when it is absent or blank. */
    public static List<String> entries(Optional<String> text) {
        return text.stream().flatMap(list -> Arrays.stream(list.split(","))).map(String::strip)
                .filter(entry -> !entry.isEmpty()).toList();
    }
}
