package saturn.cli.sweep;

import java.util.Map;

/**
 * One training run of a sweep or the demo.
 *
 * @param name    the run directory's name inside the sweep folder (stable, filesystem-safe)
 * @param axes    the values that vary between trials, by option name (what tables show)
 * @param options every option of the run (keys of {@link saturn.cli.options.TrainOptions#KEYS}, without {@code out})
 */
public record Trial(String name, Map<String, String> axes, Map<String, String> options) {

    public Trial {
        axes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(axes));
        options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
    }
}
