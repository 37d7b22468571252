package saturn.theory.analysis;

import java.util.Objects;

/**
 * A part of an {@link Analysis} that may be absent, with the reason (one line, for users):
 * e.g. TAT for a kinked activation, or a critical point that would need σ_b² &lt; 0.
 *
 * @param value  the result, or {@code null} when absent
 * @param reason why it is absent, or {@code null} when present
 */
public record Outcome<T>(T value, String reason) {

    public Outcome {
        if ((value == null) == (reason == null)) {
            throw new IllegalArgumentException("exactly one of value and reason must be given");
        }
    }

    public static <T> Outcome<T> of(T value) {
        return new Outcome<>(Objects.requireNonNull(value), null);
    }

    public static <T> Outcome<T> absent(String reason) {
        return new Outcome<>(null, Objects.requireNonNull(reason));
    }

    public boolean isPresent() {
        return value != null;
    }
}
