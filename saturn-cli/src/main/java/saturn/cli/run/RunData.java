package saturn.cli.run;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import saturn.cli.options.BadInputException;

/**
 * What a run directory holds, read back for reports and sweep results: {@code config.yaml},
 * {@code summary.json} (absent while the run is unfinished), the train and test lines of
 * {@code metrics.jsonl} and the lines of {@code diagnostics.jsonl}.
 */
public record RunData(Path dir, JsonNode config, JsonNode summary, List<JsonNode> trainLines, List<JsonNode> evalLines,
               List<JsonNode> diagnostics) {

    static final String METRICS = "metrics.jsonl";
    static final String DIAGNOSTICS = "diagnostics.jsonl";

    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(ConfigFile.RUN_CONFIG));
    }

    /**
     * Reads a run directory.
     *
     * @throws BadInputException naming the file when {@code config.yaml} or {@code summary.json}
     *                           is damaged (not YAML/JSON, not a mapping) or a log is not UTF-8 text
     */
    public static RunData read(Path dir) {
        if (!isRun(dir)) throw new BadInputException(dir + " is not a saturn run (no " + ConfigFile.RUN_CONFIG + ")");
        try {
            JsonNode config = ConfigFile.readRun(dir);
            if (!config.path("options").isObject()) {
                throw new BadInputException(dir.resolve(ConfigFile.RUN_CONFIG) + " has no 'options' section: it is damaged");
            }
            Path s = dir.resolve(RunFiles.SUMMARY);
            JsonNode summary = Files.exists(s) ? summary(s) : null;
            List<JsonNode> train = new ArrayList<>();
            List<JsonNode> eval = new ArrayList<>();
            for (JsonNode line : lines(dir.resolve(METRICS))) {
                boolean isEval = line.has("kind") ? line.get("kind").asText().equals("eval") : line.has("test_accuracy");
                (isEval ? eval : train).add(line);
            }
            return new RunData(dir, config, summary, train, eval, lines(dir.resolve(DIAGNOSTICS)));
        } catch (IOException e) {
            throw new BadInputException(IoError.line(e));
        }
    }

    private static JsonNode summary(Path file) throws IOException {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new BadInputException(file + " is damaged (not JSON: " + firstLine(e) + ")");
        }
        if (n == null || !n.isObject()) throw new BadInputException(file + " is damaged (not a JSON object)");
        return n;
    }

    private static String firstLine(JacksonException e) {
        String m = e.getOriginalMessage() == null ? String.valueOf(e.getMessage()) : e.getOriginalMessage();
        return m.lines().findFirst().orElse("");
    }

    /** The JSON objects of a log, one per line; a line cut off by a kill, or otherwise not JSON, is skipped. */
    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int lineNo = 0;
        for (int start = 0; start < bytes.length; ) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') end++;
            lineNo++;
            String line;
            try {
                line = utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
            } catch (CharacterCodingException e) {
                throw new BadInputException(file + " is damaged: line " + lineNo + " is not UTF-8 text");
            }
            start = end + 1;
            if (line.isBlank()) continue;
            try {
                JsonNode n = Json.MAPPER.readTree(line);
                if (n != null && n.isObject()) out.add(n);
            } catch (JacksonException partial) {
                // a line cut off by a kill
            }
        }
        return out;
    }

    public JsonNode options() {
        return config.path("options");
    }

    public JsonNode derived() {
        return config.path("derived");
    }

    public String option(String key) {
        JsonNode v = options().get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** completed, diverged, stopped, or unfinished (no summary yet). */
    public String status() {
        return summary == null ? "unfinished" : summary.path("status").asText("unfinished");
    }

    public double finalAccuracy() {
        return summary == null ? lastEval() : number(summary.get("test_accuracy"));
    }

    public double bestAccuracy() {
        double best = Double.NaN;
        for (JsonNode e : evalLines) {
            double a = number(e.get("test_accuracy"));
            if (!Double.isNaN(a) && !(a <= best)) best = a;
        }
        return best;
    }

    private double lastEval() {
        return evalLines.isEmpty() ? Double.NaN : number(evalLines.getLast().get("test_accuracy"));
    }

    /** The first evaluated step whose test accuracy reaches {@code target}; -1 when none does. */
    public long stepsTo(double target) {
        for (JsonNode e : evalLines) {
            if (number(e.get("test_accuracy")) >= target) return e.get("step").asLong();
        }
        return -1;
    }

    /** The vanishing factor at the first diagnosed step (step 1: the network as initialized). */
    public double firstVanishingFactor() {
        return diagnostics.isEmpty() ? Double.NaN : number(diagnostics.getFirst().get("vanishing_factor"));
    }

    public double lastVanishingFactor() {
        return diagnostics.isEmpty() ? Double.NaN : number(diagnostics.getLast().get("vanishing_factor"));
    }

    /** The wall time of the training (summary, or the last logged step of an unfinished run). */
    public double wallSeconds() {
        if (summary != null && summary.has("wall_seconds")) return number(summary.get("wall_seconds"));
        return trainLines.isEmpty() ? Double.NaN : number(trainLines.getLast().get("wall_seconds"));
    }

    static double number(JsonNode n) {
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }
}
