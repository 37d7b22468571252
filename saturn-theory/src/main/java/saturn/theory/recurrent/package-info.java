/**
 * Mean-field theory of recurrent networks at initialization (docs/theory-recurrent.md): the
 * Elman recurrence with input injection ({@link saturn.theory.recurrent.ElmanMeanField}: the
 * state variance's fixed point, the per-step backward gain χ and its timescale, the critical
 * recurrent weight variance, the correlation map between two input sequences); GRU and LSTM
 * cells ({@link saturn.theory.recurrent.GruMeanField}, {@link saturn.theory.recurrent.LstmMeanField})
 * with their critical memory-gate biases and recurrent weight scales
 * ({@link saturn.theory.recurrent.GatedCritical}); and DKS/TAT transforms of φ for a horizon
 * of T steps ({@link saturn.theory.recurrent.HorizonTransform}).
 *
 * <p>Everything here assumes the width H → ∞ with weights drawn afresh at each step; real
 * recurrences reuse them, and the docs say where that stops mattering and where it does not.
 */
package saturn.theory.recurrent;
