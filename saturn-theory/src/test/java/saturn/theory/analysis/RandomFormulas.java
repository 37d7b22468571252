package saturn.theory.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import saturn.theory.expr.Fn;
import saturn.theory.expr.NamedFunctions;

/**
 * Random formula strings following the parser's grammar ({@link saturn.theory.expr.Parser}):
 * sums, products, signs, right-associative powers, numbers in every lexical form the lexer
 * reads (12, .5, 3., 1e-3, 2.5E+2, and extremes such as 1e308, 1e-320, 1e400), x, pi and e in
 * any case, every primitive function, max and min, and every library name callable as a
 * function. Sub-expressions are parenthesized or not at random (precedence and sign chains
 * are exercised), spaces are sprinkled, and {@link #mutated} breaks a formula with one random
 * edit, so that malformed input is drawn too. Deterministic for a seed.
 */
final class RandomFormulas {

    private static final List<String> FUNCTIONS = functions();
    private static final String[] NUMBERS = {"0", "1", "2", "3", "7", "10", "100", "1000", "0.5", ".5", "3.", "0.01",
        "1e-3", "1E3", "2.5e+2", "2.5E-2", "1e-8", "1e8", "1e-30", "1e30", "1e300", "1e308", "1e-300", "1e-320",
        "1e400", "1.0507009873554805", "0.0001", "123456789"};
    private static final String[] NAMES = {"x", "x", "x", "X", "pi", "PI", "e", "E"};
    private static final String EDITS = "x()+-*/^,.e0123456789 abcz_§\t";

    private final SplittableRandom rng;

    RandomFormulas(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    private static List<String> functions() {
        List<String> f = new ArrayList<>();
        for (Fn fn : Fn.values()) {
            if (fn != Fn.NEG) f.add(fn.symbol());
        }
        f.addAll(NamedFunctions.expandable());
        return List.copyOf(f);
    }

    /** A well-formed formula of at most {@code depth} nested operations. */
    String next(int depth) {
        return sum(depth);
    }

    /** A formula with one character deleted, inserted, replaced or two swapped: mostly malformed. */
    String mutated(int depth) {
        StringBuilder s = new StringBuilder(next(depth));
        int at = rng.nextInt(s.length() + 1);
        char c = EDITS.charAt(rng.nextInt(EDITS.length()));
        switch (rng.nextInt(4)) {
            case 0 -> { if (at < s.length()) s.deleteCharAt(at); }
            case 1 -> s.insert(at, c);
            case 2 -> { if (at < s.length()) s.setCharAt(at, c); }
            default -> {
                if (at + 1 < s.length()) {
                    char t = s.charAt(at);
                    s.setCharAt(at, s.charAt(at + 1));
                    s.setCharAt(at + 1, t);
                }
            }
        }
        return s.toString();
    }

    private String sum(int depth) {
        String s = product(depth);
        while (depth > 0 && rng.nextInt(4) == 0) {
            s += space() + (rng.nextBoolean() ? "+" : "-") + space() + product(depth - 1);
        }
        return s;
    }

    private String product(int depth) {
        String s = signed(depth);
        while (depth > 0 && rng.nextInt(4) == 0) {
            s += space() + (rng.nextBoolean() ? "*" : "/") + space() + signed(depth - 1);
        }
        return s;
    }

    private String signed(int depth) {
        int k = rng.nextInt(10);
        if (k == 0) return "-" + signed(depth);
        if (k == 1 && rng.nextInt(3) == 0) return "+" + signed(depth);
        return power(depth);
    }

    private String power(int depth) {
        String base = atom(depth);
        if (depth > 0 && rng.nextInt(7) == 0) {
            return base + "^" + (rng.nextBoolean() ? signed(0) : signed(depth - 1));
        }
        return base;
    }

    private String atom(int depth) {
        int k = depth <= 0 ? rng.nextInt(3) : rng.nextInt(10);
        return switch (k) {
            case 0 -> NAMES[rng.nextInt(NAMES.length)];
            case 1 -> number();
            case 2 -> rng.nextInt(3) == 0 ? number() : "x";
            case 3, 4, 5 -> call(depth);
            case 6 -> (rng.nextBoolean() ? "max(" : "min(") + sum(depth - 1) + "," + space() + sum(depth - 1) + ")";
            default -> "(" + sum(depth - 1) + ")";
        };
    }

    private String call(int depth) {
        String f = FUNCTIONS.get(rng.nextInt(FUNCTIONS.size()));
        if (rng.nextInt(8) == 0) f = f.toUpperCase(java.util.Locale.ROOT);
        return f + "(" + sum(depth - 1) + ")";
    }

    private String number() {
        if (rng.nextInt(3) == 0) {
            return String.valueOf(Math.round(rng.nextDouble(0, 10) * 100) / 100.0);
        }
        return NUMBERS[rng.nextInt(NUMBERS.length)];
    }

    private String space() {
        return rng.nextInt(5) == 0 ? " " : "";
    }
}
