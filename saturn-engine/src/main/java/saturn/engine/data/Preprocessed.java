package saturn.engine.data;

/** A split after preprocessing, with the statistics that were used (for the run's config). */
public record Preprocessed(Split split, PreprocessingStats stats) {
}
