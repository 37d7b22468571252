package saturn.engine.data;

/**
 * How to read a CSV file.
 *
 * @param label     the label column: a header name, or a 0-based index (negative counts
 *                  from the end, -1 is the last column); null means the last column. A
 *                  header name wins over reading the text as an index.
 * @param header    whether the first line is a header; null detects it: the first line is
 *                  a header when one of its feature cells is not a number
 * @param delimiter the cell separator, usually ','
 */
public record CsvOptions(String label, Boolean header, char delimiter) {

    public static CsvOptions defaults() {
        return new CsvOptions(null, null, ',');
    }

    public CsvOptions withLabel(String newLabel) {
        return new CsvOptions(newLabel, header, delimiter);
    }

    public CsvOptions withHeader(Boolean newHeader) {
        return new CsvOptions(label, newHeader, delimiter);
    }

    public CsvOptions withDelimiter(char newDelimiter) {
        return new CsvOptions(label, header, newDelimiter);
    }
}
