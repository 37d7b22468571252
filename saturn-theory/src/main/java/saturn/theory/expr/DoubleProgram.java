package saturn.theory.expr;

import java.util.Arrays;


/**
 * An expression compiled to a flat stack program, evaluated in double precision
 * array-at-a-time: each instruction runs one tight loop over the whole input, so the cost
 * of dispatch is paid per instruction rather than per element.
 *
 * <p>Constant sub-trees are folded at compile time; an operator whose right (or left)
 * operand is a constant or {@code x} reads it directly instead of materializing an array;
 * {@code u^2} is a multiplication. Stack slot 0 is the caller's output array, deeper slots
 * are per-thread scratch arrays, so a program is immutable and safe to share between threads.
 * Results equal {@link Fn#apply} / {@link Op#apply} node by node.
 */
public final class DoubleProgram {

    private static final int LOAD_X = 0;
    private static final int LOAD_CONST = 1;
    private static final int UNARY = 2;
    private static final int BINARY = 3;
    private static final int BINARY_CONST_RIGHT = 4;
    private static final int BINARY_CONST_LEFT = 5;
    private static final int BINARY_X_RIGHT = 6;
    private static final int SQUARE = 7;

    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[0][]);

    private final int[] code;
    private final int[] arg;
    private final double[] constant;
    private final int depth;

    private DoubleProgram(int[] code, int[] arg, double[] constant, int depth) {
        this.code = code;
        this.arg = arg;
        this.constant = constant;
        this.depth = depth;
    }

    public static DoubleProgram compile(Expr e) {
        Emitter emitter = new Emitter();
        emitter.emit(foldConstants(e));
        return new DoubleProgram(Arrays.copyOf(emitter.code, emitter.size), Arrays.copyOf(emitter.arg, emitter.size),
                Arrays.copyOf(emitter.constant, emitter.size), Math.max(1, emitter.maxDepth));
    }

    /** Number of instructions (for tests and benchmarks). */
    public int length() {
        return code.length;
    }

    public double value(double x) {
        double[] s = new double[depth];
        int top = 0;
        for (int i = 0; i < code.length; i++) {
            switch (code[i]) {
                case LOAD_X -> s[top++] = x;
                case LOAD_CONST -> s[top++] = constant[i];
                case UNARY -> s[top - 1] = FNS[arg[i]].apply(s[top - 1]);
                case BINARY -> {
                    s[top - 2] = OPS[arg[i]].apply(s[top - 2], s[top - 1]);
                    top--;
                }
                case BINARY_CONST_RIGHT -> s[top - 1] = OPS[arg[i]].apply(s[top - 1], constant[i]);
                case BINARY_CONST_LEFT -> s[top - 1] = OPS[arg[i]].apply(constant[i], s[top - 1]);
                case BINARY_X_RIGHT -> s[top - 1] = OPS[arg[i]].apply(s[top - 1], x);
                case SQUARE -> s[top - 1] = s[top - 1] * s[top - 1];
                default -> throw new IllegalStateException("bad instruction " + code[i]);
            }
        }
        return s[0];
    }

    /** {@code out[i] = f(x[i])} for {@code i < n}. {@code out} may be the same array as {@code x}. */
    public void values(double[] x, double[] out, int n) {
        if (n <= 0) {
            return;
        }
        if (x.length < n || out.length < n) {
            throw new IllegalArgumentException("arrays shorter than n = " + n);
        }
        double[] target = out == x ? new double[n] : out;
        double[][] s = slots(n);
        s[0] = target;
        int top = 0;
        for (int i = 0; i < code.length; i++) {
            switch (code[i]) {
                case LOAD_X -> System.arraycopy(x, 0, s[top++], 0, n);
                case LOAD_CONST -> Arrays.fill(s[top++], 0, n, constant[i]);
                case UNARY -> unary(FNS[arg[i]], s[top - 1], n);
                case BINARY -> {
                    binary(OPS[arg[i]], s[top - 2], s[top - 1], n);
                    top--;
                }
                case BINARY_CONST_RIGHT -> constRight(OPS[arg[i]], s[top - 1], constant[i], n);
                case BINARY_CONST_LEFT -> constLeft(OPS[arg[i]], constant[i], s[top - 1], n);
                case BINARY_X_RIGHT -> binary(OPS[arg[i]], s[top - 1], x, n);
                case SQUARE -> {
                    double[] v = s[top - 1];
                    for (int j = 0; j < n; j++) {
                        v[j] = v[j] * v[j];
                    }
                }
                default -> throw new IllegalStateException("bad instruction " + code[i]);
            }
        }
        s[0] = null;
        if (target != out) {
            System.arraycopy(target, 0, out, 0, n);
        }
    }

    private double[][] slots(int n) {
        double[][] s = SCRATCH.get();
        if (s.length < depth || (depth > 1 && s[1].length < n)) {
            int width = Math.max(n, s.length > 1 ? s[1].length : 0);
            double[][] grown = new double[Math.max(depth, s.length)][];
            for (int k = 1; k < grown.length; k++) {
                grown[k] = new double[width];
            }
            SCRATCH.set(grown);
            s = grown;
        }
        return s;
    }

    private static final Fn[] FNS = Fn.values();
    private static final Op[] OPS = Op.values();

    private static void unary(Fn fn, double[] v, int n) {
        switch (fn) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    v[i] = -v[i];
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.exp(v[i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.log(v[i]);
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.sqrt(v[i]);
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.abs(v[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Math.tanh(v[i]);
                }
            }
            case ERF -> {
                for (int i = 0; i < n; i++) {
                    v[i] = ErrorFunction.erf(v[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Fn.sigmoid(v[i]);
                }
            }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Fn.softplus(v[i]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    v[i] = fn.apply(v[i]);
                }
            }
        }
    }

    /** {@code a[i] = a[i] op b[i]}. */
    private static void binary(Op op, double[] a, double[] b, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    a[i] += b[i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    a[i] -= b[i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    a[i] *= b[i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    a[i] /= b[i];
                }
            }
            case POW -> {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.pow(a[i], b[i]);
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.max(a[i], b[i]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    a[i] = Math.min(a[i], b[i]);
                }
            }
        }
    }

    /** {@code a[i] = a[i] op c}. */
    private static void constRight(Op op, double[] a, double c, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    a[i] += c;
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    a[i] -= c;
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    a[i] *= c;
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    a[i] /= c;
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    a[i] = op.apply(a[i], c);
                }
            }
        }
    }

    /** {@code a[i] = c op a[i]}. */
    private static void constLeft(Op op, double c, double[] a, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    a[i] = c + a[i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    a[i] = c - a[i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    a[i] = c * a[i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    a[i] = c / a[i];
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    a[i] = op.apply(c, a[i]);
                }
            }
        }
    }

    /** Replaces every sub-tree without x by its value. */
    private static Expr foldConstants(Expr e) {
        return switch (e) {
            case Const c -> c;
            case Var v -> v;
            case Unary u -> {
                Expr a = foldConstants(u.arg());
                yield a instanceof Const c ? new Const(u.fn().apply(c.value())) : new Unary(u.fn(), a);
            }
            case Binary b -> {
                Expr l = foldConstants(b.left());
                Expr r = foldConstants(b.right());
                yield l instanceof Const cl && r instanceof Const cr
                        ? new Const(b.op().apply(cl.value(), cr.value()))
                        : new Binary(b.op(), l, r);
            }
        };
    }

    /** Emits post-order instructions and tracks the stack depth. */
    private static final class Emitter {
        int[] code = new int[16];
        int[] arg = new int[16];
        double[] constant = new double[16];
        int size;
        int stack;
        int maxDepth;

        void emit(Expr e) {
            switch (e) {
                case Const c -> push(LOAD_CONST, 0, c.value(), 1);
                case Var v -> push(LOAD_X, 0, 0, 1);
                case Unary u -> {
                    emit(u.arg());
                    push(UNARY, u.fn().ordinal(), 0, 0);
                }
                case Binary b -> {
                    if (b.op() == Op.POW && b.right() instanceof Const c && c.value() == 2) {
                        emit(b.left());
                        push(SQUARE, 0, 0, 0);
                    } else if (b.right() instanceof Const c) {
                        emit(b.left());
                        push(BINARY_CONST_RIGHT, b.op().ordinal(), c.value(), 0);
                    } else if (b.left() instanceof Const c) {
                        emit(b.right());
                        push(BINARY_CONST_LEFT, b.op().ordinal(), c.value(), 0);
                    } else if (b.right() instanceof Var) {
                        emit(b.left());
                        push(BINARY_X_RIGHT, b.op().ordinal(), 0, 0);
                    } else {
                        emit(b.left());
                        emit(b.right());
                        push(BINARY, b.op().ordinal(), 0, -1);
                    }
                }
            }
        }

        private void push(int op, int a, double c, int stackChange) {
            if (size == code.length) {
                code = Arrays.copyOf(code, size * 2);
                arg = Arrays.copyOf(arg, size * 2);
                constant = Arrays.copyOf(constant, size * 2);
            }
            code[size] = op;
            arg[size] = a;
            constant[size] = c;
            size++;
            stack += stackChange;
            maxDepth = Math.max(maxDepth, stack);
        }
    }
}
