package saturn.cli.predict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import saturn.cli.options.BadInputException;
import saturn.engine.data.DataSpec;

/**
 * A CSV file of raw input features, one example a line, for {@code saturn predict}: named
 * {@code features:PATH}, or a bare path ending in {@code .csv} ({@code csv:PATH} stays a
 * labelled data set). Every line holds exactly the network's input features, comma
 * separated, as numbers; a first line with a cell that is not a number is a header; empty
 * lines are skipped.
 *
 * @param file the file read
 * @param x    {@code rows × features} values, row-major, before preprocessing
 * @param rows the examples read
 */
record FeatureRows(Path file, float[] x, int rows) {

    /** The file a {@code --data} value names as raw features, or null when it names a data set. */
    static Path named(String data) {
        DataSpec spec = DataSpec.parse(data);
        if (spec.scheme().equals("features")) {
            if (!spec.params().isEmpty()) throw new BadInputException("--data " + data + ": features:PATH takes no parameters");
            return Path.of(spec.body());
        }
        if (spec.scheme().isEmpty() && spec.params().isEmpty() && spec.body().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return Path.of(spec.body());
        }
        return null;
    }

    /**
     * Reads the file.
     *
     * @throws BadInputException one line naming the file (and the line) when it cannot be read,
     *                           a line has another number of cells, or a cell is not a finite number
     */
    static FeatureRows read(Path file, int features) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException("--data " + file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException("--data " + file + ": " + e.getMessage());
        }
        float[] x = new float[lines.size() * features];
        int rows = 0;
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            String[] cells = line.split(",", -1);
            if (first && !numeric(cells)) {
                first = false;
                if (cells.length != features) throw columns(file, i, cells.length, features, "header");
                continue;
            }
            first = false;
            if (cells.length != features) throw columns(file, i, cells.length, features, "line");
            for (int j = 0; j < features; j++) {
                float v = number(cells[j]);
                if (!Float.isFinite(v)) {
                    throw new BadInputException(file + " line " + (i + 1) + ", column " + (j + 1) + ": '" + cells[j].strip()
                            + "' is not a finite number");
                }
                x[rows * features + j] = v;
            }
            rows++;
        }
        if (rows == 0) throw new BadInputException(file + ": no rows of features");
        return new FeatureRows(file, java.util.Arrays.copyOf(x, rows * features), rows);
    }

    private static BadInputException columns(Path file, int line, int cells, int features, String what) {
        return new BadInputException(file + " " + what + " " + (line + 1) + ": " + cells + " columns, the network takes "
                + features + " features a row");
    }

    private static boolean numeric(String[] cells) {
        for (String c : cells) {
            if (Float.isNaN(number(c)) && !c.strip().equalsIgnoreCase("nan")) return false;
        }
        return true;
    }

    private static float number(String cell) {
        try {
            return Float.parseFloat(cell.strip());
        } catch (NumberFormatException e) {
            return Float.NaN;
        }
    }
}
