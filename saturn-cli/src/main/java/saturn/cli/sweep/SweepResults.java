package saturn.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import saturn.cli.options.BadInputException;
import saturn.cli.run.Json;
import saturn.cli.run.RunData;
import saturn.engine.io.AtomicFiles;
import saturn.engine.io.FolderLock;

/**
 * A sweep's results, one row per trial, read back from the trial run directories:
 * {@code results.csv}, {@code results.md} and {@code sweep.json} (the trials, their axes
 * and the target accuracy, which {@code saturn report} reads).
 */
public final class SweepResults {

    public static final String INDEX = "sweep.json";
    static final String CSV = "results.csv";
    public static final String MARKDOWN = "results.md";

    /** One trial's row. */
    public record Row(String name, Map<String, String> axes, String status, String reason, double finalAccuracy,
               double bestAccuracy, long stepsToTarget, double vanishingStart, double vanishingEnd, double wallSeconds,
               Path dir, RunData run) {
    }

    private SweepResults() {
    }

    /** Writes {@code sweep.json}: the trials in order, so a report of the folder knows them. */
    static void writeIndex(Path root, String title, List<Trial> trials, double target) throws IOException {
        ObjectNode o = Json.object();
        o.put("title", title);
        o.put("target_accuracy", target);
        ArrayNode ts = o.putArray("trials");
        for (Trial t : trials) {
            ObjectNode n = ts.addObject();
            n.put("name", t.name());
            ObjectNode axes = n.putObject("axes");
            t.axes().forEach(axes::put);
        }
        byte[] bytes = Json.writePretty(o).concat("\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(root.resolve(INDEX), out -> out.write(bytes));
    }

    public static boolean isSweep(Path dir) {
        return Files.isRegularFile(dir.resolve(INDEX));
    }

    /** The rows of a sweep folder, from {@code sweep.json}, the markers and the run directories. */
    static List<Row> read(Path root) throws IOException {
        return read(root, false);
    }

    /**
     * The rows of a sweep folder; with {@code finishedOnly}, only trials with a marker have
     * results, the others are {@code running} (claimed, or their run directory locked by its
     * writer), {@code unfinished} or {@code not started}, and their run directories, which
     * other processes may be writing, are not read.
     */
    static List<Row> read(Path root, boolean finishedOnly) throws IOException {
        JsonNode index = index(root);
        double target = index.path("target_accuracy").asDouble(Double.NaN);
        List<Row> rows = new ArrayList<>();
        for (JsonNode t : index.path("trials")) {
            String name = t.path("name").asText();
            Map<String, String> axes = new LinkedHashMap<>();
            for (var it = t.path("axes").fields(); it.hasNext(); ) {
                var e = it.next();
                axes.put(e.getKey(), e.getValue().asText());
            }
            Path dir = root.resolve(name);
            JsonNode marker = SweepRunner.readMarker(dir);
            String status = marker == null ? (Files.exists(dir) ? "unfinished" : "not started") : marker.path("status").asText();
            String reason = marker == null ? "" : marker.path("reason").asText("");
            if (finishedOnly && marker == null && (TrialClaims.isClaimed(root, name) || FolderLock.isHeld(dir))) {
                status = "running";
            }
            RunData run = null;
            if (RunData.isRun(dir) && !(finishedOnly && marker == null)) {
                try {
                    run = RunData.read(dir);
                } catch (BadInputException damaged) {
                    status = "damaged";
                    reason = damaged.getMessage();
                }
            }
            double nan = Double.NaN;
            rows.add(run == null
                    ? new Row(name, axes, status, reason, nan, nan, -1, nan, nan, nan, dir, null)
                    : new Row(name, axes, status, reason, run.finalAccuracy(), run.bestAccuracy(),
                    Double.isNaN(target) ? -1 : run.stepsTo(target), run.firstVanishingFactor(), run.lastVanishingFactor(),
                    run.wallSeconds(), dir, run));
        }
        return rows;
    }

    static double target(Path root) throws IOException {
        return index(root).path("target_accuracy").asDouble(Double.NaN);
    }

    /** {@code sweep.json}, checked to be a JSON object with a list of trials. */
    static JsonNode index(Path root) throws IOException {
        Path file = root.resolve(INDEX);
        JsonNode index;
        try {
            index = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new BadInputException(file + " is damaged (not JSON: " + e.getOriginalMessage() + ")");
        }
        if (index == null || !index.isObject() || !index.path("trials").isArray()) {
            throw new BadInputException(file + " is damaged (no list of trials)");
        }
        return index;
    }

    static List<String> axisNames(List<Row> rows) {
        Set<String> names = new LinkedHashSet<>();
        for (Row r : rows) names.addAll(r.axes().keySet());
        return new ArrayList<>(names);
    }

    /** The table's header: axes, then the results. */
    static List<String> header(List<String> axes, double target) {
        List<String> h = new ArrayList<>(axes);
        h.addAll(List.of("status", "final acc", "best acc", "steps to " + percent(target), "vanishing start",
                "vanishing end", "wall s"));
        return h;
    }

    static List<String> cells(Row r, List<String> axes) {
        List<String> c = new ArrayList<>();
        for (String a : axes) c.add(r.axes().getOrDefault(a, ""));
        c.add(r.status());
        c.add(percent(r.finalAccuracy()));
        c.add(percent(r.bestAccuracy()));
        c.add(r.stepsToTarget() < 0 ? (r.run() == null ? "" : "not reached") : Long.toString(r.stepsToTarget()));
        c.add(sci(r.vanishingStart()));
        c.add(sci(r.vanishingEnd()));
        c.add(Double.isFinite(r.wallSeconds()) ? String.format(Locale.ROOT, "%.1f", r.wallSeconds()) : "");
        return c;
    }

    public static String percent(double a) {
        return Double.isFinite(a) ? String.format(Locale.ROOT, "%.2f%%", 100 * a) : "";
    }

    public static String sci(double v) {
        if (v == 0) return "0";   // an underflowed signal, not a rounded one
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : "";
    }

    /** Writes {@code results.csv} and {@code results.md}; returns the Markdown table. */
    static String write(Path root, List<Row> rows, double target) throws IOException {
        List<String> axes = axisNames(rows);
        StringBuilder csv = new StringBuilder();
        List<String> head = new ArrayList<>(List.of("name"));
        head.addAll(axes);
        head.addAll(List.of("status", "final_test_accuracy", "best_test_accuracy", "steps_to_target", "target_accuracy",
                "vanishing_factor_start", "vanishing_factor_end", "wall_seconds", "run_dir", "reason"));
        csv.append(String.join(",", head.stream().map(SweepResults::csvCell).toList())).append('\n');
        for (Row r : rows) {
            List<String> c = new ArrayList<>(List.of(r.name()));
            for (String a : axes) c.add(r.axes().getOrDefault(a, ""));
            c.add(r.status());
            c.add(plain(r.finalAccuracy()));
            c.add(plain(r.bestAccuracy()));
            c.add(r.stepsToTarget() < 0 ? "" : Long.toString(r.stepsToTarget()));
            c.add(plain(target));
            c.add(plain(r.vanishingStart()));
            c.add(plain(r.vanishingEnd()));
            c.add(plain(r.wallSeconds()));
            c.add(r.dir().toString());
            c.add(r.reason());
            csv.append(String.join(",", c.stream().map(SweepResults::csvCell).toList())).append('\n');
        }
        String md = markdown(rows, axes, target);
        byte[] csvBytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        byte[] mdBytes = md.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(root.resolve(CSV), o -> o.write(csvBytes));
        AtomicFiles.write(root.resolve(MARKDOWN), o -> o.write(mdBytes));
        return md;
    }

    static String markdown(List<Row> rows, List<String> axes, double target) {
        List<String> header = new ArrayList<>(List.of("trial"));
        header.addAll(header(axes, target));
        StringBuilder md = new StringBuilder();
        md.append("| ").append(String.join(" | ", header)).append(" |\n");
        md.append("|").append("---|".repeat(header.size())).append('\n');
        for (Row r : rows) {
            List<String> c = new ArrayList<>(List.of(r.name()));
            c.addAll(cells(r, axes));
            md.append("| ").append(String.join(" | ", c.stream().map(s -> s.replace("|", "\\|")).toList())).append(" |\n");
        }
        for (Row r : rows) {
            if (!r.reason().isEmpty()) md.append("\n- ").append(r.name()).append(": ").append(r.status()).append(", ").append(r.reason());
        }
        if (rows.stream().anyMatch(r -> !r.reason().isEmpty())) md.append('\n');
        return md.toString();
    }

    private static String plain(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    private static String csvCell(String s) {
        if (s == null) return "";
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) return "\"" + s.replace("\"", "\"\"") + "\"";
        return s;
    }
}
