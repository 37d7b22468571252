package saturn.theory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The library of named activations, each defined by a formula. Names are matched
 * case-insensitively. {@code relu} and {@code leaky_relu} are non-saturating baselines.
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
        Map<String, String> formulas = new LinkedHashMap<>();
        formulas.put("sigmoid", "sigmoid(x)");
        formulas.put("tanh", "tanh(x)");
        formulas.put("erf", "erf(x)");
        formulas.put("softsign", "x/(1+abs(x))");
        formulas.put("atan", "atan(x)");
        formulas.put("asinh", "asinh(x)");
        formulas.put("gauss", "exp(-x^2/2)");
        formulas.put("sin", "sin(x)");
        formulas.put("softplus", "softplus(x)");
        formulas.put("swish", "x*sigmoid(x)");
        formulas.put("elu", "max(x,0)+expm1(min(x,0))");
        formulas.put("selu", "1.0507009873554805*(max(x,0)+1.6732632423543772*expm1(min(x,0)))");
        formulas.put("gelu", "x*(1+erf(x/sqrt(2)))/2");
        formulas.put("hardtanh", "max(-1,min(1,x))");
        formulas.put("linear", "x");
        formulas.put("relu", "max(x,0)");
        formulas.put("leaky_relu", "max(x,0.01*x)");
        Map<String, Activation> library = new LinkedHashMap<>();
        formulas.forEach((name, formula) -> library.put(name, Activation.named(name, formula)));
        return library;
    }
}
