package saturn.cli.checkpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import saturn.cli.options.BadInputException;
import saturn.cli.options.TrainOptions;
import saturn.engine.checkpoint.Checkpoints;
import saturn.engine.checkpoint.SafeTensors;
import saturn.engine.checkpoint.SafeTensorsFile;
import saturn.engine.data.Dataset;
import saturn.engine.data.Preprocessing;
import saturn.engine.data.PreprocessingStats;
import saturn.engine.model.Model;
import saturn.engine.run.RunPlan;

/**
 * A weights file read with its {@code saturn.*} metadata ({@link WeightsMetadata}): the run's
 * options, the shape of its data and the fitted preprocessing — enough to rebuild the network
 * ({@link #model}) and prepare inputs for it ({@link #preprocessing}) without the run's folder.
 *
 * @param file       the weights file
 * @param step       its {@code step}
 * @param version    the Saturn version that wrote it
 * @param options    the run's options as option text ({@link TrainOptions#resolveText})
 * @param features   input features a row
 * @param classes    outputs a row (classes, or real targets for regression)
 * @param classNames one name per class
 * @param task       {@link Dataset.Task} of the training data
 * @param stepFeatures features of one time step for sequence data, else 0
 * @param preprocessing the statistics fitted on the training split
 */
public record SavedNetwork(Path file, long step, String version, Map<String, String> options, int features, int classes,
                           List<String> classNames, Dataset.Task task, int stepFeatures, PreprocessingStats preprocessing) {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * Reads the metadata of a weights file.
     *
     * @throws BadInputException (one line naming the file) when it is missing, not a
     *                           safetensors file, or carries no {@code saturn.*} description
     */
    public static SavedNetwork read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new BadInputException("--checkpoint " + file + ": no such file");
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, String> meta = f.metadata();
        if (!meta.containsKey(WeightsMetadata.OPTIONS)) {
            throw new BadInputException(file + " carries no " + WeightsMetadata.OPTIONS + " metadata (written by a saturn "
                    + "that did not describe its checkpoints): give --run DIR, the run it belongs to");
        }
        try {
            JsonNode options = json(meta, WeightsMetadata.OPTIONS, file);
            Map<String, String> opts = new LinkedHashMap<>();
            options.fields().forEachRemaining(e -> opts.put(e.getKey(), e.getValue().asText()));
            JsonNode data = json(meta, WeightsMetadata.DATA, file);
            JsonNode pre = json(meta, WeightsMetadata.PREPROCESSING, file);
            List<String> names = new ArrayList<>();
            data.path("class_names").forEach(n -> names.add(n.asText()));
            int features = positive(data, "features", file);
            int classes = positive(data, "classes", file);
            Dataset.Task task = Dataset.Task.valueOf(data.path("task").asText("classes").toUpperCase(Locale.ROOT));
            float[] shift = floats(pre.path("shift"));
            float[] scale = floats(pre.path("scale"));
            if (shift.length != scale.length || (shift.length != 1 && shift.length != features)) {
                throw bad(file, WeightsMetadata.PREPROCESSING + " has " + shift.length + " shifts and " + scale.length
                        + " scales for " + features + " features");
            }
            PreprocessingStats stats = new PreprocessingStats(Preprocessing.parse(pre.path("method").asText()), shift, scale,
                    pre.path("summary").asText(""));
            long step = meta.containsKey("step") ? Long.parseLong(meta.get("step").strip()) : -1;
            return new SavedNetwork(file, step, meta.getOrDefault(WeightsMetadata.VERSION, "unknown"), opts, features, classes,
                    names, task, data.path("step_features").asInt(0), stats);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        }
    }

    /** The run's options resolved again; {@code data}, when not null, takes the place of the run's data set. */
    public TrainOptions trainOptions(String data) {
        Map<String, String> given = new LinkedHashMap<>(options);
        if (data != null) {
            given.put("data", data);
            given.remove("data-dir");
        }
        return TrainOptions.resolveText(given);
    }

    /** The network of the run, rebuilt from {@code opts} and this shape, with the file's weights loaded. */
    public Model model(TrainOptions opts) throws IOException {
        RunPlan plan = opts.plan().forShape(features, stepFeatures);
        Model model = Model.fromSpec(plan.modelSpec(features, classes, task == Dataset.Task.STEP_CLASSES, stepFeatures));
        Checkpoints.loadWeights(file, model);
        model.setTraining(false);
        return model;
    }

    /** The network of the run with its own options. */
    public Model model() throws IOException {
        return model(trainOptions(null));
    }

    /** Outputs a row of the network: classes, real targets, or classes at every step. */
    public int outputs() {
        return task == Dataset.Task.STEP_CLASSES ? classes * (features / Math.max(1, stepFeatures)) : classes;
    }

    private static JsonNode json(Map<String, String> meta, String key, Path file) {
        String text = meta.get(key);
        if (text == null) throw bad(file, "metadata lacks '" + key + "'");
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) throw bad(file, "'" + key + "' is not a JSON object");
            return node;
        } catch (JacksonException e) {
            throw bad(file, "'" + key + "' is not JSON: " + e.getOriginalMessage());
        }
    }

    private static int positive(JsonNode o, String key, Path file) {
        int v = o.path(key).asInt(0);
        if (v <= 0) throw bad(file, WeightsMetadata.DATA + " has no positive '" + key + "'");
        return v;
    }

    /** Exact floats: each number's decimal text parsed as a float, never through a double. */
    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = array.get(i);
            out[i] = n.isBigDecimal() ? Float.parseFloat(n.decimalValue().toString()) : (float) n.asDouble();
        }
        return out;
    }

    private static BadInputException bad(Path file, String what) {
        return new BadInputException(file + ": " + what);
    }
}
