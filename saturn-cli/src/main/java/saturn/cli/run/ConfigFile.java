package saturn.cli.run;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import saturn.cli.options.BadInputException;
import saturn.engine.io.AtomicFiles;

/**
 * YAML files of {@code saturn train}: a user's {@code --config FILE.yaml} (flat, keys = option
 * names without dashes) and a run's {@code config.yaml} ({@code options}: what resuming and
 * {@code saturn eval} rebuild the run from; {@code derived}: what was computed from them).
 */
public final class ConfigFile {

    public static final String RUN_CONFIG = "config.yaml";

    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private ConfigFile() {
    }

    /** A user's config file as raw option values; bad YAML or nested values → one-line bad input. */
    public static Map<String, String> readOptions(Path file) {
        return flat(read(file), file);
    }

    /** The {@code options} section of a run's {@code config.yaml}. */
    public static Map<String, String> readRunOptions(Path runDir) {
        Path file = runDir.resolve(RUN_CONFIG);
        JsonNode root = read(file);
        JsonNode options = root.get("options");
        if (options == null || !options.isObject()) {
            throw new BadInputException(file + " has no 'options' section (not a saturn run directory?)");
        }
        return flat(options, file);
    }

    /** A run's whole {@code config.yaml} (options, derived, optimizer). */
    public static JsonNode readRun(Path runDir) {
        return read(runDir.resolve(RUN_CONFIG));
    }

    private static JsonNode read(Path file) {
        try {
            JsonNode root = YAML.readTree(Files.readString(file));
            if (root == null || root.isMissingNode() || root.isNull()) return YAML.createObjectNode();
            if (!root.isObject()) throw new BadInputException(file + ": expected a YAML mapping of option: value");
            return root;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (JacksonException e) {
            String msg = e.getOriginalMessage() == null ? e.getMessage() : e.getOriginalMessage();
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new BadInputException("bad YAML in " + file + where + ": " + msg.lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        }
    }

    private static Map<String, String> flat(JsonNode node, Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (v.isContainerNode()) {
                throw new BadInputException(file + ": '" + e.getKey() + "' must be a single value");
            }
            if (!v.isNull()) out.put(e.getKey(), v.asText());
        }
        return out;
    }

    /** Writes a run's {@code config.yaml} atomically. */
    static void writeRun(Path runDir, Map<String, Object> content) throws IOException {
        byte[] bytes = YAML.writeValueAsBytes(content);
        AtomicFiles.write(runDir.resolve(RUN_CONFIG), out -> out.write(bytes));
    }
}
