package saturn.theory;

import java.util.Locale;
import java.util.Optional;

import saturn.theory.expr.Const;
import saturn.theory.expr.Derivative;
import saturn.theory.expr.DoubleProgram;
import saturn.theory.expr.Expr;
import saturn.theory.expr.FormulaException;
import saturn.theory.expr.Kinks;
import saturn.theory.expr.Parser;
import saturn.theory.expr.Printer;
import saturn.theory.expr.Simplifier;
import saturn.theory.expr.Substitution;
import saturn.theory.expr.Suggestion;
import saturn.theory.expr.SupNorm;

/**
 * An activation function φ: one simplified expression, evaluated in double through a
 * compiled {@link DoubleProgram}, with exact symbolic derivatives.
 *
 * <p>Immutable and thread-safe. Derivative, kinks and {@link #maxAbsDerivative()} are
 * computed on first use and cached. Two activations are equal when their names and
 * expressions are.
 */
public final class Activation {

    private final String name;
    private final Expr expr;
    private final String formula;
    private final DoubleProgram program;

    private volatile Activation derivative;
    private volatile double[] kinks;
    private volatile Double maxAbsDerivative;

    private Activation(String name, Expr expr) {
        this.expr = expr;
        this.formula = Printer.print(expr);
        this.name = name != null ? name : formula;
        this.program = DoubleProgram.compile(expr);
    }

    /** A library activation (case-insensitive name, see {@link Activations#names()}) or a formula. */
    public static Activation parse(String nameOrFormula) throws FormulaException {
        if (nameOrFormula != null) {
            String key = nameOrFormula.strip();
            Optional<Activation> named = Activations.byName(key);
            if (named.isPresent()) {
                return named.get();
            }
            if (key.matches("[A-Za-z_][A-Za-z0-9_]*") && !key.matches("(?i)x|pi|e")) {
                throw unknownName(key, nameOrFormula.indexOf(key) + 1);
            }
        }
        return of(Parser.parse(nameOrFormula));
    }

    private static FormulaException unknownName(String name, int column) {
        String where = "unknown activation '" + name + "' at column " + column;
        java.util.List<String> known = new java.util.ArrayList<>(Activations.names());
        known.addAll(Activations.aliases());
        Optional<String> close = Suggestion.closest(name.toLowerCase(Locale.ROOT), known);
        return new FormulaException(close.map(s -> where + " (did you mean '" + s + "'?)")
                .orElse(where + "; the library has " + String.join(", ", Activations.names())
                        + " (also " + String.join(", ", Activations.aliases()) + "), or write a formula in x"), column);
    }

    /** An unnamed activation of the given expression (simplified; its name is its formula). */
    public static Activation of(Expr expr) {
        return new Activation(null, Simplifier.simplify(expr));
    }

    /** A named activation; used by the library. */
    static Activation named(String name, String formula) {
        return new Activation(name.toLowerCase(Locale.ROOT), Simplifier.simplify(Parser.parse(formula)));
    }

    public String name() {
        return name;
    }

    public String formula() {
        return formula;
    }

    public Expr expr() {
        return expr;
    }

    /** φ' as an activation (its name is its formula); {@code derivative().derivative()} is φ''. */
    public Activation derivative() {
        Activation d = derivative;
        if (d == null) {
            d = of(Derivative.of(expr));
            derivative = d;
        }
        return d;
    }

    public double value(double x) {
        return program.value(x);
    }

    /** {@code out[i] = φ(x[i])} for {@code i < n}, array-at-a-time. */
    public void values(double[] x, double[] out, int n) {
        program.values(x, out, n);
    }

    /** Sorted positions where φ or a derivative is not smooth (see {@link Kinks} for the method). */
    public double[] kinks() {
        double[] k = kinks;
        if (k == null) {
            k = Kinks.of(expr);
            kinks = k;
        }
        return k.clone();
    }

    /**
     * {@code φ(x+) − φ(x−)}, each side extrapolated linearly from {@code x ± h} and
     * {@code x ± 2h}, {@code h = 1e-6·max(1, |x|)}; 0 when below {@code 1e-8·max(1, |φ|)}, the
     * extrapolation error of a continuous φ. Meant for the kinks, where a jump can sit. A
     * continuous φ whose slope is infinite at x (e.g. {@code abs(x)^x}, {@code x·log(abs(x))})
     * leaves an extrapolation error far above that, but one that shrinks with h; a jump does
     * not: the difference counts only if it also appears, within 10%, at {@code h/1000}.
     */
    public double jumpAt(double x) {
        double jump = oneSidedDifference(x, 1e-6);
        if (jump == 0) {
            return 0;
        }
        double finer = oneSidedDifference(x, 1e-9);
        return Math.abs(finer - jump) <= 0.1 * Math.abs(jump) ? jump : 0;
    }

    private double oneSidedDifference(double x, double relativeStep) {
        double h = relativeStep * Math.max(1, Math.abs(x));
        double left = 2 * value(x - h) - value(x - 2 * h);
        double right = 2 * value(x + h) - value(x + 2 * h);
        double jump = right - left;
        return Math.abs(jump) > 1e-8 * Math.max(1, Math.max(Math.abs(left), Math.abs(right))) ? jump : 0;
    }

    public boolean isSmooth() {
        return kinks().length == 0;
    }

    /** {@code sup_x |φ'(x)|}, +Infinity when unbounded (see {@link SupNorm} for the method). */
    public double maxAbsDerivative() {
        Double m = maxAbsDerivative;
        if (m == null) {
            m = SupNorm.of(derivative().expr(), kinks());
            maxAbsDerivative = m;
        }
        return m;
    }

    /** {@code γ·(φ(α·x + β) + δ)} as a new expression. */
    public Activation transformed(double alpha, double beta, double gamma, double delta) {
        Expr inner = Expr.add(Expr.mul(new Const(alpha), Expr.x()), new Const(beta));
        Expr outer = Expr.mul(new Const(gamma), Expr.add(Substitution.of(expr, inner), new Const(delta)));
        return of(outer);
    }

    /** {@code a·φ}. */
    public Activation scaled(double a) {
        return of(Expr.mul(new Const(a), expr));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation a && a.name.equals(name) && a.expr.equals(expr);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + expr.hashCode();
    }

    @Override
    public String toString() {
        return name.equals(formula) ? formula : name + " = " + formula;
    }
}
