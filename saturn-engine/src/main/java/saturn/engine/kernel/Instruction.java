package saturn.engine.kernel;

/**
 * {@code dst = op(a, b)} over one chunk of floats, registers numbered from 0 (register 0
 * is the input chunk, read-only). For binary operations {@code b == CONSTANT} means the
 * right operand is {@code c}; {@code CONST} fills {@code dst} with {@code c}.
 */
public record Instruction(Opcode op, int dst, int a, int b, float c) {

    public static final int CONSTANT = -1;

    @Override
    public String toString() {
        String right = b == CONSTANT ? Float.toString(c) : "r" + b;
        return switch (op) {
            case CONST -> "r" + dst + " = " + c;
            case RSUB, RDIV -> "r" + dst + " = " + op + "(" + c + ", r" + a + ")";
            default -> op.isBinary() ? "r" + dst + " = " + op + "(r" + a + ", " + right + ")"
                    : "r" + dst + " = " + op + "(r" + a + ")";
        };
    }
}
