package saturn.theory.expr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The library of named activations as formulas in x, the one table behind both
 * {@code saturn.theory.Activations} and the parser. Names follow PyTorch's
 * ({@code torch.nn.functional}) where PyTorch has the function, with its default parameters;
 * a few {@link #aliases()} give a function a second name. A name that is not a primitive
 * {@link Fn} ({@code softsign}, {@code gelu}, {@code relu}, …) may be called like a function
 * in a formula, {@code softsign(2*x)}, and is expanded at parse time by substituting the
 * argument for x. The tree then holds only primitives, so derivatives, kinks, printing and
 * the engine's kernels need nothing new.
 *
 * <p>Formulas are parsed on first expansion (not at class initialization, which the
 * parser's own initialization would otherwise re-enter); they use primitives only.
 */
public final class NamedFunctions {

    private static final Map<String, String> FORMULAS = table();

    private NamedFunctions() {
    }

    /** Every library name with its formula, in a fixed order. */
    public static Map<String, String> formulas() {
        return FORMULAS;
    }

    private static Map<String, String> table() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("sigmoid", "sigmoid(x)");
        f.put("tanh", "tanh(x)");
        f.put("erf", "erf(x)");
        f.put("softsign", "x/(1+abs(x))");
        f.put("atan", "atan(x)");
        f.put("asinh", "asinh(x)");
        f.put("gauss", "exp(-x^2/2)");
        f.put("sin", "sin(x)");
        f.put("softplus", "softplus(x)");
        f.put("swish", "x*sigmoid(x)");
        f.put("elu", "max(x,0)+expm1(min(x,0))");
        f.put("selu", "1.0507009873554805*(max(x,0)+1.6732632423543772*expm1(min(x,0)))");
        f.put("gelu", "x*(1+erf(x/sqrt(2)))/2");
        f.put("hardtanh", "max(-1,min(1,x))");
        f.put("logsigmoid", "-softplus(-x)");
        f.put("mish", "x*tanh(softplus(x))");
        f.put("tanhshrink", "x-tanh(x)");
        f.put("hardsigmoid", "max(0,min(1,x/6+1/2))");
        f.put("hardswish", "x*max(0,min(1,x/6+1/2))");
        f.put("softshrink", "max(x-0.5,0)+min(x+0.5,0)");
        f.put("linear", "x");
        f.put("relu", "max(x,0)");
        f.put("relu6", "min(max(x,0),6)");
        f.put("leaky_relu", "max(x,0.01*x)");
        return Collections.unmodifiableMap(f);
    }

    /**
     * Other names of library functions: PyTorch's, where its function is the same one
     * ({@code silu} is swish, {@code celu} with its default α = 1 is elu, {@code identity} is linear).
     */
    public static Map<String, String> aliases() {
        return ALIASES;
    }

    private static final Map<String, String> ALIASES = aliasTable();

    private static Map<String, String> aliasTable() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("silu", "swish");
        a.put("celu", "elu");
        a.put("identity", "linear");
        return Collections.unmodifiableMap(a);
    }

    /** The library name behind {@code name}: itself, or what an alias stands for. */
    public static String canonical(String name) {
        return ALIASES.getOrDefault(name, name);
    }

    /** The library names that are not primitives, i.e. those the parser expands. */
    public static List<String> expandable() {
        List<String> names = new ArrayList<>();
        for (String name : FORMULAS.keySet()) {
            if (Fn.byName(name).isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** {@code name}'s formula with {@code arg} in place of x; empty for a primitive or unknown name. */
    public static Optional<Expr> expand(String name, Expr arg) {
        Expr template = Templates.PARSED.get(canonical(name));
        return template == null ? Optional.empty() : Optional.of(Substitution.of(template, arg));
    }

    /** The expandable formulas, parsed once on first use. */
    private static final class Templates {
        static final Map<String, Expr> PARSED = parse();

        private static Map<String, Expr> parse() {
            Map<String, Expr> parsed = new LinkedHashMap<>();
            for (String name : expandable()) {
                parsed.put(name, Parser.parse(FORMULAS.get(name)));
            }
            return Map.copyOf(parsed);
        }
    }
}
