package saturn.theory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import saturn.theory.expr.NamedFunctions;

/**
 * The library of named activations, each defined by a formula (the table is
 * {@link NamedFunctions}, which also lets formulas call them: {@code softsign(2*x)}). Names
 * are matched case-insensitively. {@code relu} and {@code leaky_relu} are non-saturating baselines.
 */
public final class Activations {

    private static final Map<String, Activation> LIBRARY = library();

    private Activations() {
    }

    /** The library names, in a fixed order. */
    public static List<String> names() {
        return List.copyOf(LIBRARY.keySet());
    }

    public static Optional<Activation> byName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(LIBRARY.get(name.toLowerCase(Locale.ROOT)));
    }

    private static Map<String, Activation> library() {
        Map<String, Activation> library = new LinkedHashMap<>();
        NamedFunctions.formulas().forEach((name, formula) -> library.put(name, Activation.named(name, formula)));
        return library;
    }
}
