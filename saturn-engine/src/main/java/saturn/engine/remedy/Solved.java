package saturn.engine.remedy;

import java.util.Objects;

/**
 * What asking the theory for something gave: the value, or why there is none. The remedy
 * decision reads it; a caller that needs the value takes it with {@link #orElseThrow()}.
 *
 * @param value   null when there is none
 * @param failure null when there is a value
 */
public record Solved<T>(T value, String failure) {

    public Solved {
        if ((value == null) == (failure == null)) throw new IllegalArgumentException("a value or a failure, not both");
    }

    public static <T> Solved<T> of(T value) {
        return new Solved<>(Objects.requireNonNull(value), null);
    }

    public static <T> Solved<T> failed(String why) {
        return new Solved<>(null, Objects.requireNonNull(why));
    }

    public boolean ok() {
        return value != null;
    }

    /** The value; the failure as an {@link IllegalArgumentException} (bad input) when there is none. */
    public T orElseThrow() {
        if (value == null) throw new IllegalArgumentException(failure);
        return value;
    }
}
