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
 * are matched case-insensitively and follow PyTorch's where PyTorch has the function;
 * {@code relu}, {@code leaky_relu} and a few others are non-saturating baselines.
 */
public final class Activations {

    private static final Map<String, Activation> LIBRARY = library();

    private Activations() {
    }

    /** The library names, in a fixed order. */
    public static List<String> names() {
        return List.copyOf(LIBRARY.keySet());
    }

    /** Other names, PyTorch's, of library activations ({@code silu} for swish), in a fixed order. */
    public static List<String> aliases() {
        return List.copyOf(NamedFunctions.aliases().keySet());
    }

    /** A library activation by its name or an alias (which keeps the name it was called by). */
    public static Optional<Activation> byName(String name) {
        if (name == null) return Optional.empty();
        String key = name.toLowerCase(Locale.ROOT);
        String canonical = NamedFunctions.canonical(key);
        if (!canonical.equals(key)) {
            return Optional.of(Activation.named(key, NamedFunctions.formulas().get(canonical)));
        }
        return Optional.ofNullable(LIBRARY.get(key));
    }

    private static Map<String, Activation> library() {
        Map<String, Activation> library = new LinkedHashMap<>();
        NamedFunctions.formulas().forEach((name, formula) -> library.put(name, Activation.named(name, formula)));
        return library;
    }
}
