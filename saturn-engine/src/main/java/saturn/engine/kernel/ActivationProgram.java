package saturn.engine.kernel;

import java.util.List;

/**
 * φ and φ' flattened into one straight-line instruction list over chunk registers: common
 * subexpressions computed once (tanh's {@code 1 - tanh(x)^2} reuses {@code tanh(x)}),
 * constants folded, integer powers as multiplications, registers reused once dead.
 * Register 0 holds the input; {@code value} and {@code derivative} name the registers
 * holding φ and φ' when the list has run. The first {@code valueLength} instructions
 * compute φ alone.
 */
public record ActivationProgram(String formula, List<Instruction> instructions, int registers,
                                int value, int derivative, int valueLength) {

    public ActivationProgram {
        instructions = List.copyOf(instructions);
        if (value <= 0 || derivative <= 0 || value >= registers || derivative >= registers) {
            throw new IllegalArgumentException("outputs must be scratch registers: " + value + ", " + derivative);
        }
    }

    /**
     * φ' as a program of φ, when φ's derivative instructions read nothing of the input but φ
     * itself (register {@code value}) and constants: tanh's {@code 1 - tanh(x)^2} and the
     * sigmoid's {@code σ(x)(1 - σ(x))} do, the Gaussian's {@code -x·exp(-x²/2)} does not. The
     * returned program reads φ in register 0 and leaves φ' in its value register (its
     * {@code value} and {@code derivative} name the same register); it runs the very
     * instructions this one runs after φ, so on φ's float values it gives φ' bit for bit.
     * Null when φ' needs more than φ. A backward pass can then recompute φ' from the layer's
     * output, which the next layer keeps anyway, instead of storing φ' in the forward pass.
     */
    public ActivationProgram fromValue() {
        boolean[] written = new boolean[registers + 1];
        List<Instruction> out = new java.util.ArrayList<>();
        for (int i = valueLength; i < instructions.size(); i++) {
            Instruction ins = instructions.get(i);
            int a = ins.a(), b = ins.b();
            if (ins.op() != Opcode.CONST) {
                a = fromValueOperand(a, written);
                if (a < 0) return null;
            }
            if (ins.op().isBinary() && b != Instruction.CONSTANT) {
                b = fromValueOperand(b, written);
                if (b < 0) return null;
            }
            if (ins.dst() == value) return null;   // cannot happen: φ's register lives to the end
            written[ins.dst()] = true;
            out.add(new Instruction(ins.op(), ins.dst(), a, b, ins.c()));
        }
        int result = derivative;
        int count = registers;
        if (derivative == value) {                  // φ' = φ (exp): copy the input out
            result = registers;
            count = registers + 1;
            out.add(new Instruction(Opcode.COPY, result, 0, 0, 0f));
        } else if (!written[derivative]) {
            return null;                            // φ' is an intermediate of φ's instructions
        }
        return new ActivationProgram(formula + " [φ' from φ]", out, count, result, result, out.size());
    }

    /** An operand of φ's derivative instructions in the program of φ: φ's register is the input. */
    private int fromValueOperand(int register, boolean[] written) {
        if (register == value) return 0;
        return register != 0 && written[register] ? register : -1;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(formula).append('\n');
        for (Instruction i : instructions) s.append("  ").append(i).append('\n');
        return s.append("  phi = r").append(value).append(", dphi = r").append(derivative).toString();
    }
}
