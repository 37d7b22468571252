package saturn.cli.sweep;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One of {@code count} disjoint parts of a sweep's grid ({@code --shard INDEX/COUNT}, counted
 * from 1): the trial at position {@code i} of the grid (from 0, in grid order) belongs to
 * shard {@code i mod count + 1}. Shards 1 to {@code count} together hold every trial once.
 */
public record Shard(int index, int count) {

    public Shard {
        if (count < 1) throw new IllegalArgumentException("COUNT must be at least 1, got " + count);
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("INDEX must be between 1 and " + count + " (shards count from 1), got "
                    + index);
        }
    }

    /** Parses {@code I/N}. */
    public static Shard parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash < 0 || !t.substring(0, slash).strip().matches("-?[0-9]{1,9}")
                || !t.substring(slash + 1).strip().matches("-?[0-9]{1,9}")) {
            throw new IllegalArgumentException("expected INDEX/COUNT such as 2/8 (shards count from 1), got '" + text
                    + "'");
        }
        return new Shard(Integer.parseInt(t.substring(0, slash).strip()), Integer.parseInt(t.substring(slash + 1).strip()));
    }

    /** The trials of this shard, in grid order. */
    List<Trial> of(List<Trial> trials) {
        List<Trial> mine = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            if (i % count == index - 1) mine.add(trials.get(i));
        }
        return mine;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    /** picocli's converter: bad text is one line, exit code 2. */
    public static final class Converter implements ITypeConverter<Shard> {
        @Override
        public Shard convert(String text) {
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
