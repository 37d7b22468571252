/**
 * The activation expression language: formulas in one variable {@code x}, parsed into
 * plain immutable records ({@link saturn.theory.expr.Const}, {@link saturn.theory.expr.Var},
 * {@link saturn.theory.expr.Unary}, {@link saturn.theory.expr.Binary}) over two enums of
 * primitives ({@link saturn.theory.expr.Fn}, {@link saturn.theory.expr.Op}).
 *
 * <h2>Formulas</h2>
 * Numbers ({@code 2}, {@code .5}, {@code 1e-3}), {@code x}, {@code pi}, {@code e},
 * {@code + - * / ^} ({@code ^} right-associative and tighter than unary minus:
 * {@code -x^2 = -(x^2)}), parentheses and the functions {@code exp log sqrt abs sin cos tan
 * tanh sinh cosh atan asinh erf erfc sigmoid softplus sign step log1p expm1 max(a,b) min(a,b)}, and the
 * library activations as functions ({@code softsign(2*x)}, {@code gelu(x)}, …; see
 * {@link saturn.theory.expr.NamedFunctions}), expanded at parse time into those primitives.
 * Errors are {@link saturn.theory.expr.FormulaException}s with a 1-based column.
 *
 * <h2>One tree, several readings</h2>
 * <ul>
 *   <li>{@link saturn.theory.expr.DoubleProgram}: double-precision evaluation, array at a time;</li>
 *   <li>{@link saturn.theory.expr.Derivative}: symbolic d/dx from one table of rules;</li>
 *   <li>{@link saturn.theory.expr.Simplifier} and {@link saturn.theory.expr.Printer}: readable
 *       normal forms that parse back to the same tree;</li>
 *   <li>{@link saturn.theory.expr.Kinks} and {@link saturn.theory.expr.SupNorm}: where the
 *       function is not smooth and how steep it gets;</li>
 *   <li>the engine compiles the same records to float SIMD kernels.</li>
 * </ul>
 * The reference semantics of every primitive is {@link saturn.theory.expr.Fn#apply} /
 * {@link saturn.theory.expr.Op#apply}.
 */
package saturn.theory.expr;
