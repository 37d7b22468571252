package saturn.engine.kernel;

/**
 * What the two executors of an {@link ActivationProgram} share: the instruction arrays of φ
 * and φ' and, when φ' is a function of φ ({@link ActivationProgram#fromValue}), of φ' from
 * φ; and per-thread scratch registers of {@value #CHUNK} floats, enough for both programs,
 * allocated on a thread's first call and reused, so steady-state calls allocate nothing.
 */
public abstract class ProgramKernel implements ActivationKernel {

    /** Floats per register: a chunk's registers stay in the L1 cache between instructions. */
    public static final int CHUNK = 512;

    protected final ActivationProgram program;
    protected final Instruction[] code;
    /** φ' from φ, or null when φ' needs more than φ. */
    protected final ActivationProgram fromValue;
    protected final Instruction[] fromValueCode;
    protected final ThreadLocal<float[][]> scratch;

    protected ProgramKernel(ActivationProgram program) {
        this.program = program;
        this.code = program.instructions().toArray(new Instruction[0]);
        this.fromValue = program.fromValue();
        this.fromValueCode = fromValue == null ? null : fromValue.instructions().toArray(new Instruction[0]);
        int registers = fromValue == null ? program.registers() : Math.max(program.registers(), fromValue.registers());
        this.scratch = ThreadLocal.withInitial(() -> new float[registers][CHUNK]);
    }

    @Override
    public final boolean derivativeFromValue() {
        return fromValue != null;
    }

    @Override
    public final boolean runsRanges() {
        return true;
    }

    /** Throws unless φ' is a function of φ. */
    protected final void requireFromValue() {
        if (fromValue == null) throw new UnsupportedOperationException("φ' of " + formula() + " is not a function of φ");
    }

    @Override
    public final String formula() {
        return program.formula();
    }
}
