package saturn.engine.kernel;

import saturn.theory.expr.Binary;
import saturn.theory.expr.Const;
import saturn.theory.expr.Expr;
import saturn.theory.expr.Fn;
import saturn.theory.expr.Op;
import saturn.theory.expr.Unary;
import saturn.theory.expr.Var;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles φ and φ' (two expression trees) into one {@link ActivationProgram}.
 *
 * <ol>
 *   <li>Each tree is walked bottom-up into SSA instructions. Constant subtrees are folded
 *       in double with the theory's own {@link Fn#apply}/{@link Op#apply}; constants become
 *       immediate operands; {@code e^n} for integer |n| ≤ 16 becomes repeated squaring,
 *       {@code e^0.5} a square root, other powers {@code e^c = exp(c·log e)}; division by
 *       a power of two becomes an exact multiplication.</li>
 *   <li>Every instruction is hash-consed, so a subexpression shared within φ, within φ',
 *       or between them is computed once.</li>
 *   <li>Registers are allocated by liveness: a register is reused once its last reader
 *       has run; the two outputs are never reused.</li>
 * </ol>
 * φ's instructions come first, so a forward pass that does not need φ' runs a prefix.
 */
final class ActivationCompiler {

    /** A compiled operand: an SSA value, or a constant when {@code id < 0}. */
    private record Val(int id, double c) {
        static Val constant(double c) {
            return new Val(-1, c);
        }

        boolean isConst() {
            return id < 0;
        }
    }

    private record Key(Opcode op, int a, int b, int cBits) {
    }

    private final List<Instruction> ssa = new ArrayList<>();
    private final Map<Key, Integer> seen = new HashMap<>();

    private ActivationCompiler() {
    }

    static ActivationProgram compile(String formula, Expr phi, Expr dphi) {
        ActivationCompiler c = new ActivationCompiler();
        int value = c.materialize(c.emit(phi));
        int valueEnd = c.ssa.size();
        int derivative = c.materialize(c.emit(dphi));
        return c.allocate(formula, value, derivative, valueEnd);
    }

    // ---- SSA construction -------------------------------------------------------------

    private Val emit(Expr e) {
        return switch (e) {
            case Const k -> Val.constant(k.value());
            case Var v -> new Val(0, 0);
            case Unary u -> unary(u.fn(), emit(u.arg()));
            case Binary b -> binary(b.op(), emit(b.left()), emit(b.right()));
        };
    }

    private Val unary(Fn fn, Val a) {
        if (a.isConst()) return Val.constant(fn.apply(a.c()));
        return op(switch (fn) {
            case NEG -> Opcode.NEG;
            case EXP -> Opcode.EXP;
            case LOG -> Opcode.LOG;
            case SQRT -> Opcode.SQRT;
            case ABS -> Opcode.ABS;
            case SIN -> Opcode.SIN;
            case COS -> Opcode.COS;
            case TAN -> Opcode.TAN;
            case TANH -> Opcode.TANH;
            case SINH -> Opcode.SINH;
            case COSH -> Opcode.COSH;
            case ATAN -> Opcode.ATAN;
            case ASINH -> Opcode.ASINH;
            case ERF -> Opcode.ERF;
            case ERFC -> Opcode.ERFC;
            case SIGMOID -> Opcode.SIGMOID;
            case SOFTPLUS -> Opcode.SOFTPLUS;
            case SIGN -> Opcode.SIGN;
            case STEP -> Opcode.STEP;
            case LOG1P -> Opcode.LOG1P;
            case EXPM1 -> Opcode.EXPM1;
        }, a.id(), 0, 0);
    }

    private Val binary(Op op, Val l, Val r) {
        if (l.isConst() && r.isConst()) return Val.constant(op.apply(l.c(), r.c()));
        return switch (op) {
            case ADD -> {
                if (l.isConst()) yield binary(op, r, l);
                yield r.isConst() && r.c() == 0 ? l : withRight(Opcode.ADD, l, r);
            }
            case SUB -> {
                if (r.isConst()) yield r.c() == 0 ? l : withRight(Opcode.ADD, l, Val.constant(-r.c()));
                if (l.isConst()) yield l.c() == 0 ? op(Opcode.NEG, r.id(), 0, 0) : op(Opcode.RSUB, r.id(), Instruction.CONSTANT, l.c());
                yield withRight(Opcode.SUB, l, r);
            }
            case MUL -> {
                if (l.isConst()) yield binary(op, r, l);
                if (r.isConst() && r.c() == 1) yield l;
                if (r.isConst() && r.c() == -1) yield op(Opcode.NEG, l.id(), 0, 0);
                yield withRight(Opcode.MUL, l, r);
            }
            case DIV -> {
                if (l.isConst()) yield op(Opcode.RDIV, r.id(), Instruction.CONSTANT, l.c());
                if (r.isConst() && isPowerOfTwo(r.c())) yield withRight(Opcode.MUL, l, Val.constant(1 / r.c()));
                yield withRight(Opcode.DIV, l, r);
            }
            case MAX, MIN -> {
                Opcode code = op == Op.MAX ? Opcode.MAX : Opcode.MIN;
                yield l.isConst() ? withRight(code, r, l) : withRight(code, l, r);
            }
            case POW -> power(l, r);
        };
    }

    private Val power(Val base, Val exponent) {
        if (exponent.isConst()) {
            double c = exponent.c();
            if (c == Math.rint(c) && Math.abs(c) <= 16) {
                if (c == 0) return Val.constant(1);    // as Math.pow: x^0 = 1 even for NaN
                Val p = integerPower(base, (int) Math.abs(c));
                return c > 0 ? p : op(Opcode.RDIV, p.id(), Instruction.CONSTANT, 1);
            }
            if (c == 0.5) return op(Opcode.SQRT, base.id(), 0, 0);
            return withRight(Opcode.POW, base, exponent);
        }
        if (base.isConst()) {
            // c^e = exp(e ln c); for c <= 0 keep the general power (NaN except integer exponents)
            if (base.c() > 0) return op(Opcode.EXP, withRight(Opcode.MUL, exponent, Val.constant(Math.log(base.c()))).id(), 0, 0);
            Val b = op(Opcode.CONST, 0, 0, base.c());
            return withRight(Opcode.POW, b, exponent);
        }
        return withRight(Opcode.POW, base, exponent);
    }

    /** base^n, n >= 1, by repeated squaring (x^2 and x^4 shared through hash-consing). */
    private Val integerPower(Val base, int n) {
        Val result = null;
        Val square = base;
        while (true) {
            if ((n & 1) != 0) result = result == null ? square : withRight(Opcode.MUL, result, square);
            n >>= 1;
            if (n == 0) return result;
            square = withRight(Opcode.MUL, square, square);
        }
    }

    private static boolean isPowerOfTwo(double c) {
        if (c == 0 || Double.isInfinite(c) || Double.isNaN(c)) return false;
        double m = Math.abs(c) / Math.scalb(1.0, Math.getExponent(c));
        return m == 1.0 && Math.abs(Math.getExponent(c)) < 120;
    }

    private Val withRight(Opcode code, Val l, Val r) {
        if (r.isConst()) return op(code, l.id(), Instruction.CONSTANT, r.c());
        int a = l.id();
        int b = r.id();
        if (code.isCommutative() && b < a) {
            int t = a;
            a = b;
            b = t;
        }
        return op(code, a, b, 0);
    }

    private Val op(Opcode code, int a, int b, double c) {
        float cf = (float) c;
        Key key = new Key(code, a, b, Float.floatToIntBits(cf));
        Integer known = seen.get(key);
        if (known != null) return new Val(known, 0);
        int id = ssa.size() + 1;
        ssa.add(new Instruction(code, id, a, b, cf));
        seen.put(key, id);
        return new Val(id, 0);
    }

    /** An output must live in a register of its own: constants are filled, the input copied. */
    private int materialize(Val v) {
        if (v.isConst()) return op(Opcode.CONST, 0, 0, v.c()).id();
        if (v.id() == 0) return op(Opcode.COPY, 0, 0, 0).id();
        return v.id();
    }

    // ---- register allocation ----------------------------------------------------------

    private ActivationProgram allocate(String formula, int value, int derivative, int valueEnd) {
        int n = ssa.size();
        int[] lastUse = new int[n + 1];
        Arrays.fill(lastUse, -1);
        for (int i = 0; i < n; i++) {
            Instruction ins = ssa.get(i);
            if (ins.op() != Opcode.CONST) lastUse[ins.a()] = i;
            if (ins.op().isBinary() && ins.b() != Instruction.CONSTANT) lastUse[ins.b()] = i;
        }
        lastUse[value] = Integer.MAX_VALUE;
        lastUse[derivative] = Integer.MAX_VALUE;
        int[] physical = new int[n + 1];
        boolean[] busy = new boolean[n + 2];
        busy[0] = true;
        int registers = 1;
        List<Instruction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Instruction ins = ssa.get(i);
            int a = ins.op() == Opcode.CONST ? 0 : physical[ins.a()];
            int b = ins.op().isBinary() && ins.b() != Instruction.CONSTANT ? physical[ins.b()] : ins.b();
            // operands dead after this instruction free their registers first: dst may overwrite
            // an operand, since every operation reads element i before writing element i
            if (ins.op() != Opcode.CONST && ins.a() != 0 && lastUse[ins.a()] == i) busy[a] = false;
            if (ins.op().isBinary() && ins.b() > 0 && lastUse[ins.b()] == i) busy[b] = false;
            int dst = 1;
            while (busy[dst]) dst++;
            busy[dst] = true;
            if (lastUse[ins.dst()] < 0) busy[dst] = false;   // never read (cannot happen for outputs)
            registers = Math.max(registers, dst + 1);
            physical[ins.dst()] = dst;
            out.add(new Instruction(ins.op(), dst, a, b, ins.c()));
        }
        return new ActivationProgram(formula, out, registers, physical[value], physical[derivative], valueEnd);
    }
}
