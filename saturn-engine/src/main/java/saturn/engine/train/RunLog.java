package saturn.engine.train;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import saturn.engine.io.AtomicFiles;

/**
 * The run's two line logs, {@code metrics.jsonl} and {@code diagnostics.jsonl}, appended one
 * JSON object per line; every line starts with its {@code "step"}, and a metrics line's
 * {@code "kind"} ({@code train} or {@code eval}) follows. Flushed before each
 * checkpoint, so the lines up to a checkpoint are on disk when it is.
 */
final class RunLog implements AutoCloseable {

    static final String METRICS = "metrics.jsonl";
    static final String DIAGNOSTICS = "diagnostics.jsonl";
    private static final Pattern STEP = Pattern.compile("^\\{\"step\":(\\d+)[,}]");

    private final BufferedWriter metrics;
    private final BufferedWriter diagnostics;

    private RunLog(Path dir, boolean fresh) throws IOException {
        this.metrics = open(dir.resolve(METRICS), fresh);
        this.diagnostics = open(dir.resolve(DIAGNOSTICS), fresh);
    }

    /** Empty logs (created or truncated). */
    static RunLog fresh(Path dir) throws IOException {
        return new RunLog(dir, true);
    }

    /**
     * Logs continued after checkpoint {@code step}: lines of later steps are removed (a killed
     * run wrote them after its last checkpoint), as are evaluation lines at {@code step} that
     * {@code scheduledEval} does not accept (the final evaluation of a finished run being
     * extended), so the files continue exactly as an uninterrupted run's. A partial last line
     * is dropped.
     */
    static RunLog resume(Path dir, long step, LongPredicate scheduledEval) throws IOException {
        truncate(dir.resolve(METRICS), step, scheduledEval);
        truncate(dir.resolve(DIAGNOSTICS), step, s -> true);
        return new RunLog(dir, false);
    }

    /** Works on bytes: a line that is not UTF-8 text (a damaged disk, a hand edit) is kept or dropped as it is. */
    private static void truncate(Path file, long step, LongPredicate scheduledEval) throws IOException {
        if (!Files.exists(file)) return;
        byte[] text = Files.readAllBytes(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length);
        int start = 0;
        for (int nl = indexOf(text, start); nl >= 0; nl = indexOf(text, start)) {
            String head = new String(text, start, Math.min(nl - start, 40), StandardCharsets.ISO_8859_1);
            int from = start;
            start = nl + 1;
            Matcher m = STEP.matcher(head);
            if (!m.find()) continue;
            long s;
            try {
                s = Long.parseLong(m.group(1));
            } catch (NumberFormatException tooLong) {
                continue;
            }
            boolean eval = new String(text, from, nl - from, StandardCharsets.ISO_8859_1).contains("\"test_loss\":");
            if (s < step || (s == step && (!eval || scheduledEval.test(s)))) out.write(text, from, nl + 1 - from);
        }
        byte[] bytes = out.toByteArray();
        AtomicFiles.write(file, o -> o.write(bytes));
    }

    private static int indexOf(byte[] text, int from) {
        for (int i = from; i < text.length; i++) {
            if (text[i] == '\n') return i;
        }
        return -1;
    }

    private static BufferedWriter open(Path file, boolean fresh) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
    }

    void metrics(String json) throws IOException {
        metrics.write(json);
        metrics.write('\n');
    }

    void diagnostics(String json) throws IOException {
        diagnostics.write(json);
        diagnostics.write('\n');
    }

    void flush() throws IOException {
        metrics.flush();
        diagnostics.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            metrics.close();
        } finally {
            diagnostics.close();
        }
    }
}
