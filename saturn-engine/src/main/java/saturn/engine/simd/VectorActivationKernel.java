package saturn.engine.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import saturn.engine.kernel.ActivationProgram;
import saturn.engine.kernel.FloatMath;
import saturn.engine.kernel.Instruction;
import saturn.engine.kernel.Opcode;
import saturn.engine.kernel.ProgramKernel;
import saturn.engine.kernel.ScalarActivationKernel;

/**
 * Runs an {@link ActivationProgram} chunk by chunk, each instruction a tight Vector API
 * loop over the chunk (one method per operation, so each loop inlines exactly one
 * {@link VectorMath} function), with a scalar tail computed by the same formulas: equal
 * bit for bit to {@link ScalarActivationKernel}.
 *
 * <p>Thread-safe: scratch registers are per thread (see {@link ProgramKernel}) and
 * reused, so steady-state calls allocate nothing.
 */
final class VectorActivationKernel extends ProgramKernel {

    private static final VectorSpecies<Float> F = VectorMath.F;
    private static final int L = F.length();

    VectorActivationKernel(ActivationProgram program) {
        super(program);
    }

    private static final int FORWARD = 0, BACKWARD_FROM_VALUE = 1, DERIVATIVE_FROM_VALUE = 2;
    private static final VectorSpecies<Double> D = F.vectorShape().withLanes(double.class);
    private static final int LD = D.length();

    private final Halves halves = new Halves();
    private final SumChunks sumChunks = new SumChunks();

    /**
     * φ'·δ with the column sums, cut into the row chunks of
     * {@link saturn.engine.kernel.ActivationKernel#columnSumsInChunks}: each chunk's totals in
     * its own slot, whichever worker computes it, added in chunk order at the end.
     */
    private final class SumChunks implements saturn.engine.parallel.Workers.Task {
        float[] y, g, out;
        int rows, cols;
        double[] totals = new double[0];

        @Override
        public void run(int part, int from, int to) {
            for (int k = from; k < to; k++) {
                int r0 = k * SUM_ROWS;
                backwardSumsRange(y, g, out, r0, Math.min(rows, r0 + SUM_ROWS), cols, totals, k * cols);
            }
        }
    }

    @Override
    public void backwardFromValue(float[] y, float[] g, float[] out, int rows, int cols, float[] columnSums) {
        requireFromValue();
        int chunks = saturn.engine.kernel.ActivationKernel.sumChunks(rows);
        synchronized (sumChunks) {
            SumChunks t = sumChunks;
            if (t.totals.length < chunks * cols) t.totals = new double[chunks * cols];
            t.y = y; t.g = g; t.out = out; t.rows = rows; t.cols = cols;
            if (rows * cols < 4 * CHUNK) t.run(0, 0, chunks);
            else saturn.engine.parallel.Workers.pool().run(chunks, t);
            for (int c = 0; c < cols; c++) {
                double total = 0;
                for (int k = 0; k < chunks; k++) total += t.totals[k * cols + c];
                columnSums[c] = (float) total;
            }
            t.y = t.g = t.out = null;
        }
    }

    /**
     * {@link #backwardFromValueRange} over rows {@code [r0, r1)}, then their column sums into
     * {@code totals[off ..]}: a second pass, but over what this core has just written (in its
     * cache), with the sums in registers; accumulating into {@code totals} chunk by chunk in
     * the first pass was slower (two double loads and stores per 16 floats).
     */
    @Override
    public void backwardFromValueRows(float[] y, float[] g, float[] out, int r0, int r1, int cols, double[] totals,
                                      int off) {
        requireFromValue();
        backwardSumsRange(y, g, out, r0, r1, cols, totals, off);
    }

    private void backwardSumsRange(float[] y, float[] g, float[] out, int r0, int r1, int cols, double[] totals,
                                   int off) {
        backwardFromValueRange(y, g, out, r0 * cols, r1 * cols);
        int c = 0;
        if (2 * LD == L) {
            for (; c + L <= cols; c += L) {
                jdk.incubator.vector.DoubleVector lo = jdk.incubator.vector.DoubleVector.zero(D), hi = lo;
                for (int r = r0; r < r1; r++) {
                    FloatVector v = FloatVector.fromArray(F, out, r * cols + c);
                    lo = lo.add((jdk.incubator.vector.DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
                    hi = hi.add((jdk.incubator.vector.DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
                }
                lo.intoArray(totals, off + c);
                hi.intoArray(totals, off + c + LD);
            }
        }
        for (; c < cols; c++) {
            double t = 0;
            for (int r = r0; r < r1; r++) t += out[r * cols + c];
            totals[off + c] = t;
        }
    }

    /** One elementwise pass cut into chunks of {@link #SPLIT_CHUNK} elements between the workers. */
    private final class Halves implements saturn.engine.parallel.Workers.Task {
        int mode;
        float[] in, g, out, dphi;
        int n;

        @Override
        public void run(int part, int from, int to) {
            range(mode, in, g, out, dphi, from * SPLIT_CHUNK, (int) Math.min(n, (long) to * SPLIT_CHUNK));
        }
    }

    /** Elements per chunk of a pass cut between the workers: whole scratch chunks. */
    private static final int SPLIT_CHUNK = 8 * CHUNK;

    @Override
    public void forward(float[] h, float[] y, float[] dphi, int n) {
        run(FORWARD, h, null, y, dphi, n);
    }

    @Override
    public void backwardFromValue(float[] y, float[] g, float[] out, int n) {
        requireFromValue();
        run(BACKWARD_FROM_VALUE, y, g, out, null, n);
    }

    @Override
    public void derivativeFromValue(float[] y, float[] dphi, int n) {
        requireFromValue();
        run(DERIVATIVE_FROM_VALUE, y, null, dphi, null, n);
    }

    /** {@link #range} over {@code [0, n)}: cut between the workers when large enough, else whole here. */
    private void run(int mode, float[] in, float[] g, float[] out, float[] dphi, int n) {
        if (n < 4 * CHUNK || saturn.engine.parallel.Workers.pool().size() == 1) {
            range(mode, in, g, out, dphi, 0, n);
            return;
        }
        synchronized (halves) {
            Halves t = halves;
            t.mode = mode; t.in = in; t.g = g; t.out = out; t.dphi = dphi; t.n = n;
            saturn.engine.parallel.Workers.pool().run((n + SPLIT_CHUNK - 1) / SPLIT_CHUNK, t);
            t.in = t.g = t.out = t.dphi = null;
        }
    }

    private void range(int mode, float[] in, float[] g, float[] out, float[] dphi, int from, int n) {
        switch (mode) {
            case FORWARD -> forwardRange(in, out, dphi, from, n);
            case BACKWARD_FROM_VALUE -> backwardFromValueRange(in, g, out, from, n);
            case DERIVATIVE_FROM_VALUE -> derivativeFromValueRange(in, out, from, n);
            default -> throw new IllegalStateException("mode " + mode);
        }
    }

    @Override
    public void forwardRange(float[] h, float[] y, float[] dphi, int from, int n) {
        float[][] regs = scratch.get();
        int length = dphi == null ? program.valueLength() : code.length;
        for (int s = from; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            for (int i = 0; i < length; i++) run(code[i], regs, h, s, len);
            System.arraycopy(regs[program.value()], 0, y, s, len);
            if (dphi != null) System.arraycopy(regs[program.derivative()], 0, dphi, s, len);
        }
    }

    private void backwardFromValueRange(float[] y, float[] g, float[] out, int from, int n) {
        float[][] regs = scratch.get();
        float[] d = regs[fromValue.derivative()];
        for (int s = from; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            for (Instruction ins : fromValueCode) run(ins, regs, y, s, len);
            timesFlushToZero(g, s, d, out, len);
        }
    }

    /** {@code out[s + i] = g[s + i]·d[i]}, subnormal products flushed to zero (as {@code mulFlushToZero}). */
    private static void timesFlushToZero(float[] g, int s, float[] d, float[] out, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector p = FloatVector.fromArray(F, g, s + i).mul(FloatVector.fromArray(F, d, i));
            p.blend(0f, p.abs().lt(Float.MIN_NORMAL)).intoArray(out, s + i);
        }
        for (; i < len; i++) {
            float p = g[s + i] * d[i];
            out[s + i] = Math.abs(p) < Float.MIN_NORMAL ? 0f : p;
        }
    }

    private void derivativeFromValueRange(float[] y, float[] dphi, int from, int n) {
        float[][] regs = scratch.get();
        for (int s = from; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            for (Instruction ins : fromValueCode) run(ins, regs, y, s, len);
            System.arraycopy(regs[fromValue.derivative()], 0, dphi, s, len);
        }
    }

    private static void run(Instruction ins, float[][] regs, float[] h, int s, int len) {
        float[] d = regs[ins.dst()];
        float[] a = ins.a() == 0 ? h : regs[ins.a()];
        int ao = ins.a() == 0 ? s : 0;
        Opcode op = ins.op();
        if (op.isBinary()) {
            if (ins.b() == Instruction.CONSTANT) {
                binaryConstant(op, a, ao, ins.c(), d, len);
            } else {
                float[] b = ins.b() == 0 ? h : regs[ins.b()];
                binary(op, a, ao, b, ins.b() == 0 ? s : 0, d, len);
            }
            return;
        }
        switch (op) {
            case CONST -> java.util.Arrays.fill(d, 0, len, ins.c());
            case COPY -> System.arraycopy(a, ao, d, 0, len);
            case NEG -> neg(a, ao, d, len);
            case ABS -> abs(a, ao, d, len);
            case SQRT -> sqrt(a, ao, d, len);
            case SIGN -> sign(a, ao, d, len);
            case STEP -> step(a, ao, d, len);
            case EXP -> exp(a, ao, d, len);
            case EXPM1 -> expm1(a, ao, d, len);
            case LOG -> log(a, ao, d, len);
            case LOG1P -> log1p(a, ao, d, len);
            case SIN -> sin(a, ao, d, len);
            case COS -> cos(a, ao, d, len);
            case TAN -> tan(a, ao, d, len);
            case TANH -> tanh(a, ao, d, len);
            case SINH -> sinh(a, ao, d, len);
            case COSH -> cosh(a, ao, d, len);
            case ATAN -> atan(a, ao, d, len);
            case ASINH -> asinh(a, ao, d, len);
            case ERF -> erf(a, ao, d, len);
            case ERFC -> erfc(a, ao, d, len);
            case SIGMOID -> sigmoid(a, ao, d, len);
            case SOFTPLUS -> softplus(a, ao, d, len);
            default -> throw new IllegalStateException("unhandled " + op);
        }
    }

    private static void binary(Opcode op, float[] a, int ao, float[] b, int bo, float[] d, int len) {
        switch (op) {
            case ADD -> add(a, ao, b, bo, d, len);
            case SUB -> sub(a, ao, b, bo, d, len);
            case MUL -> mul(a, ao, b, bo, d, len);
            case DIV -> div(a, ao, b, bo, d, len);
            case MAX -> max(a, ao, b, bo, d, len);
            case MIN -> min(a, ao, b, bo, d, len);
            case POW -> pow(a, ao, b, bo, d, len);
            default -> throw new IllegalStateException("unhandled " + op);
        }
    }

    private static void binaryConstant(Opcode op, float[] a, int ao, float c, float[] d, int len) {
        switch (op) {
            case ADD -> add(a, ao, c, d, len);
            case SUB -> sub(a, ao, c, d, len);
            case MUL -> mul(a, ao, c, d, len);
            case DIV -> div(a, ao, c, d, len);
            case MAX -> max(a, ao, c, d, len);
            case MIN -> min(a, ao, c, d, len);
            case RSUB -> rsub(c, a, ao, d, len);
            case RDIV -> rdiv(c, a, ao, d, len);
            case POW -> pow(a, ao, c, d, len);
            default -> throw new IllegalStateException("unhandled " + op);
        }
    }

    private static void add(float[] a, int ao, float[] b, int bo, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, ao + i).add(FloatVector.fromArray(F, b, bo + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.binary(Opcode.ADD, a[ao + i], b[bo + i]);
    }

    private static void add(float[] a, int ao, float c, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, ao + i).add(c).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.binary(Opcode.ADD, a[ao + i], c);
    }

    private static void sub(float[] a, int ao, float[] b, int bo, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, ao + i).sub(FloatVector.fromArray(F, b, bo + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.binary(Opcode.SUB, a[ao + i], b[bo + i]);
    }

    private static void sub(float[] a, int ao, float c, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, ao + i).sub(c).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.binary(Opcode.SUB, a[ao + i], c);
    }

    private static void mul(float[] a, int ao, float[] b, int bo, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, ao + i).mul(FloatVector.fromArray(F, b, bo + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.binary(Opcode.MUL, a[ao + i], b[bo + i]);
    }

    private static void mul(float[] a, int ao, float c, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, ao + i).mul(c).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.binary(Opcode.MUL, a[ao + i], c);
    }

    private static void div(float[] a, int ao, float[] b, int bo, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, ao + i).div(FloatVector.fromArray(F, b, bo + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.binary(Opcode.DIV, a[ao + i], b[bo + i]);
    }

    private static void div(float[] a, int ao, float c, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, ao + i).div(c).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.binary(Opcode.DIV, a[ao + i], c);
    }

    private static void max(float[] a, int ao, float[] b, int bo, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, ao + i).max(FloatVector.fromArray(F, b, bo + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.binary(Opcode.MAX, a[ao + i], b[bo + i]);
    }

    private static void max(float[] a, int ao, float c, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, ao + i).max(c).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.binary(Opcode.MAX, a[ao + i], c);
    }

    private static void min(float[] a, int ao, float[] b, int bo, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, ao + i).min(FloatVector.fromArray(F, b, bo + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.binary(Opcode.MIN, a[ao + i], b[bo + i]);
    }

    private static void min(float[] a, int ao, float c, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector.fromArray(F, a, ao + i).min(c).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.binary(Opcode.MIN, a[ao + i], c);
    }

    private static void rsub(float c, float[] a, int ao, float[] d, int len) {
        FloatVector cv = FloatVector.broadcast(F, c);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) cv.sub(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        for (; i < len; i++) d[i] = c - a[ao + i];
    }

    private static void rdiv(float c, float[] a, int ao, float[] d, int len) {
        FloatVector cv = FloatVector.broadcast(F, c);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) cv.div(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        for (; i < len; i++) d[i] = c / a[ao + i];
    }

    private static void pow(float[] a, int ao, float[] b, int bo, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.pow(FloatVector.fromArray(F, a, ao + i), FloatVector.fromArray(F, b, bo + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.pow(a[ao + i], b[bo + i]);
    }

    private static void pow(float[] a, int ao, float c, float[] d, int len) {
        FloatVector cv = FloatVector.broadcast(F, c);
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.pow(FloatVector.fromArray(F, a, ao + i), cv).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.pow(a[ao + i], c);
    }

    private static void neg(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(F, a, ao + i);
            x.neg().intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.unary(Opcode.NEG, a[ao + i]);
    }

    private static void abs(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(F, a, ao + i);
            x.abs().intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.unary(Opcode.ABS, a[ao + i]);
    }

    private static void sqrt(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(F, a, ao + i);
            x.sqrt().intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.unary(Opcode.SQRT, a[ao + i]);
    }

    private static void sign(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(F, a, ao + i);
            VectorMath.signum(x).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.unary(Opcode.SIGN, a[ao + i]);
    }

    private static void step(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(F, a, ao + i);
            FloatVector.zero(F).blend(1f, x.compare(VectorOperators.GT, 0f)).blend(0.5f, x.compare(VectorOperators.EQ, 0f))
                    .blend(Float.NaN, x.compare(VectorOperators.NE, x)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = ScalarActivationKernel.unary(Opcode.STEP, a[ao + i]);
    }


    private static void exp(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.exp(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.exp(a[ao + i]);
    }

    private static void expm1(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.expm1(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.expm1(a[ao + i]);
    }

    private static void log(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.log(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.log(a[ao + i]);
    }

    private static void log1p(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.log1p(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.log1p(a[ao + i]);
    }

    private static void sin(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.sin(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.sin(a[ao + i]);
    }

    private static void cos(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.cos(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.cos(a[ao + i]);
    }

    private static void tan(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.tan(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.tan(a[ao + i]);
    }

    /**
     * Two loops over the chunk (expm1, then the quotient and sign) unless d overwrites a:
     * as one loop, C2 reaches its inlining node budget inside tanh and boxes every vector
     * (measured 2.7-6 ns/element and ~40 B allocated per element; split, see StepBench).
     */
    private static void tanh(float[] a, int ao, float[] d, int len) {
        int bound = F.loopBound(len);
        if (d == a) {
            for (int i = 0; i < bound; i += L) VectorMath.tanh(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        } else {
            tanhExpm1(a, ao, d, bound);
            tanhFinish(a, ao, d, bound);
        }
        for (int i = bound; i < len; i++) d[i] = FloatMath.tanh(a[ao + i]);
    }

    /** {@code d = expm1(2·min(|x|, 9.5))} on whole vectors; its own method, so its own C2 budget. */
    private static void tanhExpm1(float[] a, int ao, float[] d, int bound) {
        for (int i = 0; i < bound; i += L) VectorMath.tanhExpm1(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
    }

    /** {@code d = copySign(d/(d+2), x)} on whole vectors. */
    private static void tanhFinish(float[] a, int ao, float[] d, int bound) {
        for (int i = 0; i < bound; i += L) {
            VectorMath.tanhFinish(FloatVector.fromArray(F, d, i), FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
    }

    private static void sinh(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.sinh(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.sinh(a[ao + i]);
    }

    private static void cosh(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.cosh(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.cosh(a[ao + i]);
    }

    private static void atan(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.atan(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.atan(a[ao + i]);
    }

    private static void asinh(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.asinh(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.asinh(a[ao + i]);
    }

    /** Split in two loops like {@link #tanh}, for the same reason. */
    private static void erf(float[] a, int ao, float[] d, int len) {
        int bound = F.loopBound(len);
        if (d == a) {
            for (int i = 0; i < bound; i += L) VectorMath.erf(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        } else {
            erfTail(a, ao, d, bound);
            erfFinish(a, ao, d, bound);
        }
        for (int i = bound; i < len; i++) d[i] = FloatMath.erf(a[ao + i]);
    }

    private static void erfc(float[] a, int ao, float[] d, int len) {
        int bound = F.loopBound(len);
        if (d == a) {
            for (int i = 0; i < bound; i += L) VectorMath.erfc(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        } else {
            erfTail(a, ao, d, bound);
            erfcFinish(a, ao, d, bound);
        }
        for (int i = bound; i < len; i++) d[i] = FloatMath.erfc(a[ao + i]);
    }

    /** d = erfc of the clamped |x|, in two loops (polynomial, then e^{-a²} scaling). */
    private static void erfTail(float[] a, int ao, float[] d, int bound) {
        erfTailPoly(a, ao, d, bound);
        erfTailScale(a, ao, d, bound);
    }

    private static void erfTailPoly(float[] a, int ao, float[] d, int bound) {
        for (int i = 0; i < bound; i += L) VectorMath.erfTailPoly(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
    }

    private static void erfTailScale(float[] a, int ao, float[] d, int bound) {
        for (int i = 0; i < bound; i += L) {
            VectorMath.erfTailScale(FloatVector.fromArray(F, d, i), FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
    }

    private static void erfFinish(float[] a, int ao, float[] d, int bound) {
        for (int i = 0; i < bound; i += L) {
            VectorMath.erfFinish(FloatVector.fromArray(F, d, i), FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
    }

    private static void erfcFinish(float[] a, int ao, float[] d, int bound) {
        for (int i = 0; i < bound; i += L) {
            VectorMath.erfcFinish(FloatVector.fromArray(F, d, i), FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
    }

    private static void sigmoid(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.sigmoid(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.sigmoid(a[ao + i]);
    }

    private static void softplus(float[] a, int ao, float[] d, int len) {
        int i = 0;
        for (int bound = F.loopBound(len); i < bound; i += L) {
            VectorMath.softplus(FloatVector.fromArray(F, a, ao + i)).intoArray(d, i);
        }
        for (; i < len; i++) d[i] = FloatMath.softplus(a[ao + i]);
    }
}
