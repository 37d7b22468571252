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

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(formula).append('\n');
        for (Instruction i : instructions) s.append("  ").append(i).append('\n');
        return s.append("  phi = r").append(value).append(", dphi = r").append(derivative).toString();
    }
}
