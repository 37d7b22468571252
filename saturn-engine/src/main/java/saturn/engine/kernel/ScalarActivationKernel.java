package saturn.engine.kernel;

/**
 * Runs an {@link ActivationProgram} chunk by chunk with plain loops and {@link FloatMath}:
 * the reference the SIMD executor must match bit for bit.
 *
 * <p>Thread-safe: scratch registers are per thread (see {@link ProgramKernel}).
 */
public final class ScalarActivationKernel extends ProgramKernel {

    public ScalarActivationKernel(ActivationProgram program) {
        super(program);
    }

    @Override
    public void backwardFromValue(float[] y, float[] g, float[] out, int n) {
        requireFromValue();
        backwardRange(y, g, out, 0, n);
    }

    @Override
    public void backwardFromValueRows(float[] y, float[] g, float[] out, int r0, int r1, int cols, double[] totals,
                                      int off) {
        requireFromValue();
        backwardRange(y, g, out, r0 * cols, r1 * cols);
        for (int c = 0; c < cols; c++) {
            double t = 0;
            for (int r = r0; r < r1; r++) t += out[r * cols + c];
            totals[off + c] = t;
        }
    }

    private void backwardRange(float[] y, float[] g, float[] out, int from, int to) {
        float[][] regs = scratch.get();
        float[] d = regs[fromValue.derivative()];
        for (int s = from; s < to; s += CHUNK) {
            int len = Math.min(CHUNK, to - s);
            for (Instruction ins : fromValueCode) run(ins, regs, y, s, len);
            for (int i = 0; i < len; i++) {
                float p = g[s + i] * d[i];
                out[s + i] = Math.abs(p) < Float.MIN_NORMAL ? 0f : p;
            }
        }
    }

    @Override
    public void derivativeFromValue(float[] y, float[] dphi, int n) {
        requireFromValue();
        float[][] regs = scratch.get();
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            for (Instruction ins : fromValueCode) run(ins, regs, y, s, len);
            System.arraycopy(regs[fromValue.derivative()], 0, dphi, s, len);
        }
    }

    @Override
    public void forward(float[] h, float[] y, float[] dphi, int n) {
        forwardRange(h, y, dphi, 0, n);
    }

    @Override
    public void forwardRange(float[] h, float[] y, float[] dphi, int from, int to) {
        float[][] regs = scratch.get();
        int length = dphi == null ? program.valueLength() : code.length;
        for (int s = from; s < to; s += CHUNK) {
            int len = Math.min(CHUNK, to - s);
            for (int i = 0; i < length; i++) run(code[i], regs, h, s, len);
            System.arraycopy(regs[program.value()], 0, y, s, len);
            if (dphi != null) System.arraycopy(regs[program.derivative()], 0, dphi, s, len);
        }
    }

    private static void run(Instruction ins, float[][] regs, float[] h, int s, int len) {
        float[] d = regs[ins.dst()];
        float[] a = ins.a() == 0 ? h : regs[ins.a()];
        int ao = ins.a() == 0 ? s : 0;
        float c = ins.c();
        if (ins.op().isBinary() && ins.b() != Instruction.CONSTANT) {
            float[] b = ins.b() == 0 ? h : regs[ins.b()];
            int bo = ins.b() == 0 ? s : 0;
            for (int i = 0; i < len; i++) d[i] = binary(ins.op(), a[ao + i], b[bo + i]);
            return;
        }
        switch (ins.op()) {
            case CONST -> java.util.Arrays.fill(d, 0, len, c);
            case COPY -> System.arraycopy(a, ao, d, 0, len);
            case ADD -> { for (int i = 0; i < len; i++) d[i] = a[ao + i] + c; }
            case SUB -> { for (int i = 0; i < len; i++) d[i] = a[ao + i] - c; }
            case MUL -> { for (int i = 0; i < len; i++) d[i] = a[ao + i] * c; }
            case DIV -> { for (int i = 0; i < len; i++) d[i] = a[ao + i] / c; }
            case MAX -> { for (int i = 0; i < len; i++) d[i] = Math.max(a[ao + i], c); }
            case MIN -> { for (int i = 0; i < len; i++) d[i] = Math.min(a[ao + i], c); }
            case POW -> { for (int i = 0; i < len; i++) d[i] = FloatMath.pow(a[ao + i], c); }
            case RSUB -> { for (int i = 0; i < len; i++) d[i] = c - a[ao + i]; }
            case RDIV -> { for (int i = 0; i < len; i++) d[i] = c / a[ao + i]; }
            default -> { for (int i = 0; i < len; i++) d[i] = unary(ins.op(), a[ao + i]); }
        }
    }

    public static float binary(Opcode op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case POW -> FloatMath.pow(a, b);
            case RSUB -> b - a;
            case RDIV -> b / a;
            default -> throw new IllegalArgumentException(op + " is not binary");
        };
    }

    /** The scalar meaning of every unary opcode; the SIMD executor's tail loops use it too. */
    public static float unary(Opcode op, float x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQRT -> (float) Math.sqrt(x);
            case SIGN -> Math.signum(x);
            case STEP -> x > 0f ? 1f : (x < 0f ? 0f : (x == 0f ? 0.5f : Float.NaN));   // step(0) = 1/2, as the theory
            case EXP -> FloatMath.exp(x);
            case EXPM1 -> FloatMath.expm1(x);
            case LOG -> FloatMath.log(x);
            case LOG1P -> FloatMath.log1p(x);
            case SIN -> FloatMath.sin(x);
            case COS -> FloatMath.cos(x);
            case TAN -> FloatMath.tan(x);
            case TANH -> FloatMath.tanh(x);
            case SINH -> FloatMath.sinh(x);
            case COSH -> FloatMath.cosh(x);
            case ATAN -> FloatMath.atan(x);
            case ASINH -> FloatMath.asinh(x);
            case ERF -> FloatMath.erf(x);
            case ERFC -> FloatMath.erfc(x);
            case SIGMOID -> FloatMath.sigmoid(x);
            case SOFTPLUS -> FloatMath.softplus(x);
            default -> throw new IllegalArgumentException(op + " is not unary");
        };
    }
}
