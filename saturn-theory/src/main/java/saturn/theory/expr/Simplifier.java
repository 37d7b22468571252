package saturn.theory.expr;

/**
 * Algebraic clean-up that keeps the function unchanged wherever it is defined.
 *
 * <p>Rules (applied bottom-up by "smart constructors" that take simplified operands):
 * <ul>
 *   <li>constant folding, but only where it does not hide a readable constant: a result is
 *       folded when it is short (at most 8 significant digits, like {@code 0.5}), is
 *       {@code pi} or {@code e}, or when an operand was already an unreadable literal;
 *       {@code 1/3}, {@code 2*pi} and {@code sqrt(2)} stay as written. Non-finite results
 *       are never folded;</li>
 *   <li>neutral and absorbing elements: {@code x+0, x-0, 0-x, x*1, x*0, 0/x, x/1, x^1, x^0,
 *       1^x, --x}, {@code x*(-1)}, {@code max(u,u)}, {@code abs(abs(u))}, {@code abs(-u)};</li>
 *   <li>constants move to the front of products and are collected:
 *       {@code x*2*3 -> 6*x}, {@code (2*x)/4 -> 0.5*x}; like terms combine:
 *       {@code x + x -> 2*x}, {@code x - 0.01*x -> 0.99*x}, {@code u*u^2 -> u^3};
 *       {@code (a/b)^n -> a^n/b^n} for small integer n (|n| ≤ 4) and {@code sqrt(u)^2 -> u};</li>
 *   <li>negation has one place: folded into a constant, into the leftmost factor of a
 *       product or quotient ({@code a*(-b) -> -a*b}), or absorbed by a sum
 *       ({@code a + -b -> a - b}, {@code -(a - b) -> b - a}).</li>
 * </ul>
 * Rules such as {@code x*0 -> 0} and {@code (x^2)^0.5} (not rewritten) follow the usual
 * symbolic convention of ignoring points where a factor is infinite or undefined.
 */
public final class Simplifier {

    /** Largest |n| for which {@code (a/b)^n} is distributed into {@code a^n/b^n}. */
    private static final double MAX_DISTRIBUTED_POWER = 4;

    private static final int SHORT_DIGITS = 8;

    private Simplifier() {
    }

    public static Expr simplify(Expr e) {
        Expr current = e;
        for (int i = 0; i < 8; i++) {
            Expr next = once(current);
            if (next.equals(current)) {
                return next;
            }
            current = next;
        }
        return current;
    }

    private static Expr once(Expr e) {
        return switch (e) {
            case Const c -> c;
            case Var v -> v;
            case Unary u -> unary(u.fn(), once(u.arg()));
            case Binary b -> binary(b.op(), once(b.left()), once(b.right()));
        };
    }

    static Expr unary(Fn fn, Expr a) {
        if (fn == Fn.NEG) {
            return neg(a);
        }
        if (a instanceof Const c) {
            double r = fn.apply(c.value());
            if (Double.isFinite(r) && (readable(r) || opaque(c.value()))) {
                return new Const(r);
            }
        }
        if (fn == Fn.ABS && a instanceof Unary u && (u.fn() == Fn.ABS || u.fn() == Fn.NEG)) {
            return unary(Fn.ABS, u.arg());
        }
        return new Unary(fn, a);
    }

    static Expr binary(Op op, Expr a, Expr b) {
        return switch (op) {
            case ADD -> add(a, b);
            case SUB -> sub(a, b);
            case MUL -> mul(a, b);
            case DIV -> div(a, b);
            case POW -> pow(a, b);
            case MAX, MIN -> {
                Expr folded = fold(op, a, b);
                if (folded != null) {
                    yield folded;
                }
                yield a.equals(b) ? a : new Binary(op, a, b);
            }
        };
    }

    static Expr neg(Expr a) {
        return switch (a) {
            case Const c -> new Const(-c.value());
            case Unary u when u.fn() == Fn.NEG -> u.arg();
            case Binary b when b.op() == Op.MUL -> mul(new Const(-1), b);
            case Binary b when b.op() == Op.DIV -> div(neg(b.left()), b.right());
            case Binary b when b.op() == Op.SUB -> sub(b.right(), b.left());
            default -> new Unary(Fn.NEG, a);
        };
    }

    static Expr add(Expr a, Expr b) {
        Expr folded = fold(Op.ADD, a, b);
        if (folded != null) {
            return folded;
        }
        if (isConst(a, 0)) {
            return b;
        }
        if (isConst(b, 0)) {
            return a;
        }
        if (b instanceof Binary sb && sb.op() == Op.ADD) {
            return add(add(a, sb.left()), sb.right());
        }
        if (b instanceof Binary sb && sb.op() == Op.SUB) {
            return sub(add(a, sb.left()), sb.right());
        }
        if (b instanceof Const c && c.value() < 0) {
            return sub(a, new Const(-c.value()));
        }
        if (leadingNeg(b)) {
            return sub(a, neg(b));
        }
        if (a instanceof Unary u && u.fn() == Fn.NEG) {
            return sub(b, u.arg());
        }
        Expr combined = combine(a, b, 1);
        return combined != null ? combined : new Binary(Op.ADD, a, b);
    }

    static Expr sub(Expr a, Expr b) {
        Expr folded = fold(Op.SUB, a, b);
        if (folded != null) {
            return folded;
        }
        if (isConst(b, 0)) {
            return a;
        }
        if (isConst(a, 0)) {
            return neg(b);
        }
        if (b instanceof Binary sb && sb.op() == Op.ADD) {
            return sub(sub(a, sb.left()), sb.right());
        }
        if (b instanceof Binary sb && sb.op() == Op.SUB) {
            return add(sub(a, sb.left()), sb.right());
        }
        if (b instanceof Const c && c.value() < 0) {
            return add(a, new Const(-c.value()));
        }
        if (leadingNeg(b)) {
            return add(a, neg(b));
        }
        if (a.equals(b)) {
            return new Const(0);
        }
        Expr combined = combine(a, b, -1);
        return combined != null ? combined : new Binary(Op.SUB, a, b);
    }

    static Expr mul(Expr a, Expr b) {
        Expr folded = fold(Op.MUL, a, b);
        if (folded != null) {
            return folded;
        }
        if (isConst(a, 0) || isConst(b, 0)) {
            return new Const(0);
        }
        if (isConst(a, 1)) {
            return b;
        }
        if (isConst(b, 1)) {
            return a;
        }
        Product p = new Product();
        p.absorb(a);
        p.absorb(b);
        return p.build();
    }

    static Expr div(Expr a, Expr b) {
        Expr folded = fold(Op.DIV, a, b);
        if (folded != null) {
            return folded;
        }
        if (isConst(a, 0) && !isConst(b, 0)) {
            return new Const(0);
        }
        if (isConst(b, 1)) {
            return a;
        }
        if (isConst(b, -1)) {
            return neg(a);
        }
        if (leadingNeg(b)) {
            return div(neg(a), neg(b));
        }
        if (b instanceof Const c2 && a instanceof Binary na && na.left() instanceof Const c1) {
            if (na.op() == Op.MUL) {
                Double q = foldValue(Op.DIV, c1.value(), c2.value());
                if (q != null) {
                    return mul(new Const(q), na.right());
                }
            }
        }
        if (b instanceof Const c2 && a instanceof Binary na && na.op() == Op.DIV && na.right() instanceof Const c1) {
            Double d = foldValue(Op.MUL, c1.value(), c2.value());
            if (d != null) {
                return div(na.left(), new Const(d));
            }
        }
        return new Binary(Op.DIV, a, b);
    }

    static Expr pow(Expr a, Expr b) {
        Expr folded = fold(Op.POW, a, b);
        if (folded != null) {
            return folded;
        }
        if (isConst(b, 1)) {
            return a;
        }
        if (isConst(b, 0) || isConst(a, 1)) {
            return new Const(1);
        }
        if (isConst(b, 2) && a instanceof Unary r && r.fn() == Fn.SQRT) {
            return r.arg();
        }
        // Only small powers: the rule is for readability (gelu' reads exp(-x^2/2)), and a^n/b^n
        // overflows to inf/inf = NaN for a large n where (a/b)^n is finite (found by jqwik).
        if (a instanceof Binary q && q.op() == Op.DIV && b instanceof Const n && n.value() == Math.rint(n.value())
                && Math.abs(n.value()) <= MAX_DISTRIBUTED_POWER) {
            return div(pow(q.left(), b), pow(q.right(), b));
        }
        if (a instanceof Binary p && p.op() == Op.POW && p.right() instanceof Const c1
                && b instanceof Const c2 && c2.value() == Math.rint(c2.value())) {
            Double e = foldValue(Op.MUL, c1.value(), c2.value());
            if (e != null) {
                return pow(p.left(), new Const(e));
            }
        }
        return new Binary(Op.POW, a, b);
    }

    /**
     * {@code c1*u ± c2*u -> (c1 ± c2)*u} for a common non-constant u, also when the first
     * operand is a sum ending in such a term ({@code 1 - s - s -> 1 - 2*s}); null when not applicable.
     */
    private static Expr combine(Expr a, Expr b, double sign) {
        if (a instanceof Binary s && (s.op() == Op.ADD || s.op() == Op.SUB)) {
            Term tr = Term.of(s.right());
            Term tb = Term.of(b);
            if (tr != null && tb != null && tr.base().equals(tb.base())) {
                double sr = s.op() == Op.ADD ? 1 : -1;
                Double c = foldValue(Op.ADD, sr * tr.coefficient(), sign * tb.coefficient());
                if (c != null) {
                    return add(s.left(), mul(new Const(c), tr.base()));
                }
            }
        }
        return combinePair(a, b, sign);
    }

    private static Expr combinePair(Expr a, Expr b, double sign) {
        Term ta = Term.of(a);
        Term tb = Term.of(b);
        if (ta == null || tb == null || !ta.base().equals(tb.base())) {
            return null;
        }
        Double c = foldValue(Op.ADD, ta.coefficient(), sign * tb.coefficient());
        return c == null ? null : mul(new Const(c), ta.base());
    }

    /** A non-constant expression as coefficient times base: {@code 2*u}, {@code -u}, {@code u}. */
    private record Term(double coefficient, Expr base) {
        static Term of(Expr e) {
            if (e instanceof Const) {
                return null;
            }
            if (e instanceof Binary b && b.op() == Op.MUL && b.left() instanceof Const c) {
                return new Term(c.value(), b.right());
            }
            if (e instanceof Unary u && u.fn() == Fn.NEG) {
                return new Term(-1, u.arg());
            }
            return new Term(1, e);
        }
    }

    /** {@code u^a * u^b -> u^(a+b)} for constant exponents (u alone counts as u^1). */
    private static Expr mergePowers(Expr a, Expr b) {
        if (a instanceof Const || b instanceof Const) {
            return null;
        }
        Expr baseA = a instanceof Binary p && p.op() == Op.POW && p.right() instanceof Const ? p.left() : a;
        Expr baseB = b instanceof Binary p && p.op() == Op.POW && p.right() instanceof Const ? p.left() : b;
        if (!baseA.equals(baseB)) {
            return null;
        }
        double ea = baseA == a ? 1 : ((Const) ((Binary) a).right()).value();
        double eb = baseB == b ? 1 : ((Const) ((Binary) b).right()).value();
        Double e = foldValue(Op.ADD, ea, eb);
        return e == null ? null : pow(baseA, new Const(e));
    }

    /** True for a negation, or a product/quotient whose leftmost factor is one or a negative constant. */
    private static boolean leadingNeg(Expr e) {
        return switch (e) {
            case Unary u -> u.fn() == Fn.NEG;
            case Const c -> c.value() < 0;
            case Binary b when b.op() == Op.MUL || b.op() == Op.DIV -> leadingNeg(b.left());
            default -> false;
        };
    }

    /**
     * A product in normal form: a constant coefficient, constants that would not fold
     * readably (like pi in 2*pi), then the other factors in order of appearance with equal
     * bases merged into powers; rebuilt left-associated, with a coefficient of -1 pushed into
     * the first factor ({@code -x*y}) and a coefficient absorbed by a leading {@code c/u}.
     */
    private static final class Product {
        private double coefficient = 1;
        private final java.util.List<Expr> constants = new java.util.ArrayList<>();
        private final java.util.List<Expr> factors = new java.util.ArrayList<>();

        void absorb(Expr e) {
            switch (e) {
                case Const c -> {
                    Double f = foldValue(Op.MUL, coefficient, c.value());
                    if (f != null) {
                        coefficient = f;
                    } else {
                        constants.add(c);
                    }
                }
                case Unary u when u.fn() == Fn.NEG -> {
                    coefficient = -coefficient;
                    absorb(u.arg());
                }
                case Binary b when b.op() == Op.MUL -> {
                    absorb(b.left());
                    absorb(b.right());
                }
                default -> {
                    for (int i = 0; i < factors.size(); i++) {
                        Expr merged = mergePowers(factors.get(i), e);
                        if (merged != null) {
                            factors.set(i, merged);
                            return;
                        }
                    }
                    factors.add(e);
                }
            }
        }

        Expr build() {
            factors.removeIf(f -> isConst(f, 1));
            if (coefficient == 0) {
                return new Const(0);
            }
            java.util.List<Expr> all = new java.util.ArrayList<>(constants);
            all.addAll(factors);
            if (all.isEmpty()) {
                return new Const(coefficient);
            }
            Expr first = all.getFirst();
            java.util.List<Expr> rest = all.subList(1, all.size());
            Expr product;
            if (coefficient == 1) {
                product = first;
            } else if (coefficient == -1) {
                product = neg(first);
            } else if (first instanceof Binary d && d.op() == Op.DIV && d.left() instanceof Const c
                    && foldValue(Op.MUL, coefficient, c.value()) != null) {
                product = new Binary(Op.DIV, new Const(foldValue(Op.MUL, coefficient, c.value())), d.right());
            } else {
                product = new Binary(Op.MUL, new Const(coefficient), first);
            }
            for (Expr f : rest) {
                product = new Binary(Op.MUL, product, f);
            }
            return product;
        }
    }

    private static Expr fold(Op op, Expr a, Expr b) {
        if (a instanceof Const ca && b instanceof Const cb) {
            Double r = foldValue(op, ca.value(), cb.value());
            return r == null ? null : new Const(r);
        }
        return null;
    }

    /** The folded value of {@code a op b}, or null when folding would lose readability or finiteness. */
    private static Double foldValue(Op op, double a, double b) {
        double r = op.apply(a, b);
        if (!Double.isFinite(r)) {
            return null;
        }
        return readable(r) || opaque(a) || opaque(b) ? r : null;
    }

    private static boolean isConst(Expr e, double v) {
        return e instanceof Const c && c.is(v);
    }

    /** Short literals, pi and e: values worth seeing as a number. */
    static boolean readable(double v) {
        return named(v) || significantDigits(v) <= SHORT_DIGITS;
    }

    /** A long literal (e.g. 1.0507009873554805) that folding cannot make less readable. */
    private static boolean opaque(double v) {
        return !readable(v);
    }

    private static boolean named(double v) {
        return Math.abs(v) == Math.PI || Math.abs(v) == Math.E;
    }

    static int significantDigits(double v) {
        if (!Double.isFinite(v)) {
            return Integer.MAX_VALUE;
        }
        if (v == 0) {
            return 1;
        }
        String s = Double.toString(Math.abs(v));
        int e = s.indexOf('E');
        String mantissa = (e < 0 ? s : s.substring(0, e)).replace(".", "");
        mantissa = mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, mantissa.length());
    }
}
