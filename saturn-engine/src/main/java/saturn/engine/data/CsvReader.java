package saturn.engine.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file of numeric features plus one label column into a {@link Dataset}.
 *
 * <p>Cells may be quoted with {@code "} ({@code ""} inside quotes is a quote); a quoted
 * cell cannot span lines. Blank lines and lines starting with {@code #} are skipped.
 * Every row must have as many cells as the first one. Feature cells must be finite
 * numbers; errors name the file, line and column (1-based).
 *
 * <p>Labels: when every label is a non-negative integer, it is the class index itself
 * (classes = largest + 1, named "0", "1", ...); otherwise labels are strings, numbered in
 * order of first appearance, and the names are kept in {@link Dataset#classNames()}. At most
 * {@value #MAX_CLASSES} classes: more is a label column of measurements, or a stray value,
 * and would silently build a read-out of that many units.
 */
public final class CsvReader {

    public static final int MAX_CLASSES = 1000;

    private CsvReader() {
    }

    public static Dataset read(Path file, CsvOptions options) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.getFileName().toString(), in, options, "CSV file " + file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static Dataset read(String name, String text, CsvOptions options) {
        try {
            return read(name, new BufferedReader(new StringReader(text)), options, "CSV text " + name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Dataset read(String name, BufferedReader in, CsvOptions options, String source) throws IOException {
        List<String> first = null;
        int firstLine = 0;
        int lineNo = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (skip(line)) continue;
            first = split(name, lineNo, line, options.delimiter());
            firstLine = lineNo;
            break;
        }
        if (first == null) throw new DataException(name + ": no data rows");
        int columns = first.size();
        if (columns < 2) {
            throw new DataException(name + ":" + firstLine + ": only one column; need features and a label"
                    + (options.delimiter() == ',' ? " (is the delimiter ','?)" : ""));
        }
        boolean header;
        List<String> headerCells;
        int labelCol = labelColumn(name, options.label(), first, options.header());
        if (options.header() != null) {
            header = options.header();
        } else {
            header = false;
            for (int c = 0; c < columns; c++) {
                if (c != labelCol && parse(first.get(c)) == null) header = true;
            }
        }
        headerCells = header ? first : null;

        int features = columns - 1;
        float[] x = new float[Math.max(16, features * 1024)];
        List<String> labels = new ArrayList<>();
        int rows = 0;
        boolean pending = !header;
        while (true) {
            List<String> cells;
            int at;
            if (pending) {
                cells = first;
                at = firstLine;
                pending = false;
            } else {
                line = in.readLine();
                if (line == null) break;
                lineNo++;
                if (skip(line)) continue;
                cells = split(name, lineNo, line, options.delimiter());
                at = lineNo;
            }
            if (cells.size() != columns) {
                throw new DataException(name + ":" + at + ": " + cells.size() + " cells, expected " + columns
                        + " (as on line " + firstLine + ")");
            }
            if ((long) (rows + 1) * features > x.length) {
                long grown = Math.min((long) x.length * 2, Integer.MAX_VALUE - 16);
                if (grown < (long) (rows + 1) * features) throw new DataException(name + ": too large to load");
                x = Arrays.copyOf(x, (int) grown);
            }
            int f = 0;
            for (int c = 0; c < columns; c++) {
                String cell = cells.get(c);
                if (c == labelCol) {
                    if (cell.isEmpty()) throw new DataException(name + ":" + at + ":" + (c + 1) + ": empty label");
                    labels.add(cell);
                    continue;
                }
                Float v = parse(cell);
                if (v == null) {
                    String col = headerCells != null ? " ('" + headerCells.get(c) + "')" : "";
                    throw new DataException(name + ":" + at + ":" + (c + 1) + ": column " + (c + 1) + col
                            + " is not a number: '" + cell + "'");
                }
                x[rows * features + f++] = v;
            }
            rows++;
        }
        if (rows == 0) throw new DataException(name + ": a header but no data rows");
        return build(name, Arrays.copyOf(x, rows * features), rows, features, labels, source);
    }

    private static Dataset build(String name, float[] x, int rows, int features, List<String> raw, String source) {
        int[] y = new int[rows];
        boolean integers = raw.stream().allMatch(CsvReader::isSmallNonNegativeInteger);
        List<String> classNames = new ArrayList<>();
        if (integers) {
            int max = 0;
            for (int i = 0; i < rows; i++) {
                y[i] = Integer.parseInt(raw.get(i));
                if (y[i] >= MAX_CLASSES) {
                    throw new DataException(name + ": label " + raw.get(i) + " of data row " + (i + 1) + " would make "
                            + (y[i] + 1L) + " classes; labels are class indices below " + MAX_CLASSES
                            + " (or names, at most " + MAX_CLASSES + "): is the label column right?");
                }
                max = Math.max(max, y[i]);
            }
            for (int c = 0; c <= max; c++) classNames.add(Integer.toString(c));
        } else {
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < rows; i++) {
                y[i] = index.computeIfAbsent(raw.get(i), k -> index.size());
                if (index.size() > MAX_CLASSES) {
                    throw new DataException(name + ": the label column has more than " + MAX_CLASSES
                            + " distinct values (the " + (MAX_CLASSES + 1) + "th, '" + raw.get(i) + "', on data row " + (i + 1)
                            + "); a label names one of at most " + MAX_CLASSES + " classes: is the label column right?");
                }
            }
            classNames.addAll(index.keySet());
        }
        if (classNames.size() < 2) {
            throw new DataException(name + ": the label column has a single class (" + classNames.getFirst() + ")");
        }
        return new Dataset(name, x, y, rows, features, classNames.size(), classNames, Dataset.Values.REAL, source);
    }

    private static boolean isSmallNonNegativeInteger(String s) {
        if (s.isEmpty() || s.length() > 6) return false;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }

    private static int labelColumn(String name, String label, List<String> first, Boolean header) {
        int columns = first.size();
        if (label == null) return columns - 1;
        if (!Boolean.FALSE.equals(header)) {
            int byName = first.indexOf(label);
            if (byName >= 0) return byName;
        }
        int index;
        try {
            index = Integer.parseInt(label.strip());
        } catch (NumberFormatException e) {
            throw new DataException(name + ": no column named '" + label + "'"
                    + (Boolean.FALSE.equals(header) ? " (the file has no header)" : " in the header " + first));
        }
        int resolved = index < 0 ? columns + index : index;
        if (resolved < 0 || resolved >= columns) {
            throw new DataException(name + ": label column " + index + " is outside the " + columns
                    + " columns (0.." + (columns - 1) + ", or -1 for the last)");
        }
        return resolved;
    }

    private static boolean skip(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#");
    }

    /** The finite number in {@code cell}, or null when it is not one. */
    private static Float parse(String cell) {
        if (cell.isEmpty()) return null;
        char c0 = cell.charAt(0);
        // Float.parseFloat accepts "NaN", "Infinity", hex and a trailing 'f'/'d'; only plain decimals pass here
        if (!(Character.isDigit(c0) || c0 == '-' || c0 == '+' || c0 == '.')) return null;
        char last = cell.charAt(cell.length() - 1);
        if (!(Character.isDigit(last) || last == '.')) return null;
        try {
            float v = Float.parseFloat(cell);
            return Float.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static List<String> split(String name, int lineNo, String line, char delimiter) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            cell.setLength(0);
            while (i < n && line.charAt(i) == ' ') i++;
            if (i < n && line.charAt(i) == '"') {
                int open = i++;
                while (true) {
                    if (i >= n) {
                        throw new DataException(name + ":" + lineNo + ":" + (open + 1) + ": unterminated quote");
                    }
                    char ch = line.charAt(i++);
                    if (ch == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cell.append(ch);
                    }
                }
                while (i < n && line.charAt(i) == ' ') i++;
                if (i < n && line.charAt(i) != delimiter) {
                    throw new DataException(name + ":" + lineNo + ":" + (i + 1) + ": text after a closing quote");
                }
            } else {
                while (i < n && line.charAt(i) != delimiter) cell.append(line.charAt(i++));
            }
            cells.add(cell.toString().strip());
            if (i >= n) break;
            i++; // the delimiter
        }
        return cells;
    }
}
