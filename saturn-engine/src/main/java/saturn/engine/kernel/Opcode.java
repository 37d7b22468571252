package saturn.engine.kernel;

/**
 * Operations of an {@link ActivationProgram}. Binary operations take a register or, when
 * the instruction's {@code b} is {@link Instruction#CONSTANT}, the constant {@code c} as
 * their right operand; {@code RSUB}, {@code RDIV} put the constant on the left
 * ({@code c - a}, {@code c / a}).
 */
public enum Opcode {
    CONST, COPY,
    ADD, SUB, MUL, DIV, MAX, MIN, POW, RSUB, RDIV,
    NEG, ABS, SQRT, SIGN, STEP,
    EXP, EXPM1, LOG, LOG1P, SIN, COS, TAN, TANH, SINH, COSH, ATAN, ASINH, ERF, ERFC, SIGMOID, SOFTPLUS;

    /** True for operations of two operands. */
    public boolean isBinary() {
        return compareTo(ADD) >= 0 && compareTo(RDIV) <= 0;
    }

    boolean isCommutative() {
        return this == ADD || this == MUL || this == MAX || this == MIN;
    }
}
