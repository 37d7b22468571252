package saturn.theory.gauss;

/**
 * A rule together with the values of the functions it was adapted to, at its nodes
 * ({@code values[k][i] = f_k(scale·nodes[i] + shift)}), so nothing is evaluated twice.
 */
public record SampledRule(GaussianRule rule, double[][] values) {
}
