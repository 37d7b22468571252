package saturn.cli.checkpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import saturn.cli.options.TrainOptions;
import saturn.engine.data.Dataset;
import saturn.engine.data.PreprocessingStats;
import saturn.engine.remedy.Prescription;
import saturn.engine.remedy.WeightInit;
import saturn.engine.run.RunPlan;
import saturn.engine.run.TrainingRun;

/**
 * The {@code saturn.*} metadata of a run's weights files (see {@code docs/checkpoints.md}):
 * what rebuilding the network and its input pipeline from the file alone needs. Every value
 * is JSON text but {@code saturn.version}.
 */
public final class WeightsMetadata {

    public static final String VERSION = "saturn.version";
    public static final String OPTIONS = "saturn.options";
    public static final String MODEL = "saturn.model";
    public static final String REMEDY = "saturn.remedy";
    public static final String PREPROCESSING = "saturn.preprocessing";
    public static final String DATA = "saturn.data";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private WeightsMetadata() {
    }

    /**
     * The metadata of a run's weights files.
     *
     * @param opts the run's options with its plan resolved (what {@code config.yaml} records),
     *             less {@code out} and {@code threads}: the run folder and the thread count
     *             change nothing in the network, and a weights file has the same bytes on any
     *             number of threads
     */
    public static Map<String, String> of(TrainOptions opts, TrainingRun run) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(VERSION, version());
        ObjectNode options = JSON.objectNode();
        opts.toGiven().forEach((k, v) -> {
            if (!k.equals("out") && !k.equals("threads")) options.put(k, v);
        });
        m.put(OPTIONS, options.toString());
        RunPlan plan = run.plan();
        saturn.engine.run.RecurrentSpec rec = plan.spec().recurrent();
        m.put(MODEL, ModuleDescription.of(run.model(), plan.networkActivation(), rec == null ? null : rec.gate()).toString());
        m.put(REMEDY, remedy(plan).toString());
        m.put(PREPROCESSING, preprocessing(run.data().stats()).toString());
        m.put(DATA, data(run.rawData().train()).toString());
        return m;
    }

    /** The version of this build ({@code saturn --version}). */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = WeightsMetadata.class.getResourceAsStream("/saturn-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    private static ObjectNode remedy(RunPlan plan) {
        ObjectNode o = JSON.objectNode();
        Prescription p = plan.prescription();
        var s = plan.spec();
        o.put("remedy", p != null ? "auto" : "none");
        o.put("init", s.init() == null ? null : s.init().id());
        o.put("transform", s.transform() == null ? null : s.transform().id());
        o.put("lr", s.lr());
        WeightInit init = plan.init();
        o.put("scheme", init.scheme().id());
        o.put("sigma_w2", init.sigmaW2());
        o.put("sigma_b2", init.sigmaB2());
        if (!Double.isNaN(plan.initialScale())) o.put("initial_scale", plan.initialScale());
        o.put("activation", s.activation().formula());
        o.put("network_activation", plan.networkActivation().formula());
        if (p != null) {
            o.put("reason", p.reason());
            o.put("learning_rate_rule", plan.learningRateRule());
            o.put("line", "remedy auto: --init " + p.init().id() + " --transform " + p.transform().id() + " --lr " + s.lr()
                    + ": " + p.reason() + "; " + plan.learningRateRule());
        }
        return o;
    }

    private static ObjectNode preprocessing(PreprocessingStats stats) {
        ObjectNode o = JSON.objectNode();
        o.put("method", stats.method().id());
        o.put("formula", "(x - shift[j]) * scale[j]");
        ArrayNode shift = o.putArray("shift");
        for (float v : stats.shift()) shift.add(v);
        ArrayNode scale = o.putArray("scale");
        for (float v : stats.scale()) scale.add(v);
        o.put("summary", stats.summary());
        return o;
    }

    private static ObjectNode data(Dataset train) {
        ObjectNode o = JSON.objectNode();
        o.put("name", train.name());
        o.put("source", train.source());
        o.put("features", train.features());
        o.put("classes", train.classes());
        ArrayNode names = o.putArray("class_names");
        train.classNames().forEach(names::add);
        o.put("task", train.task().name().toLowerCase(Locale.ROOT));
        o.put("values", train.values().name().toLowerCase(Locale.ROOT));
        o.put("step_features", train.stepFeatures());
        return o;
    }
}
