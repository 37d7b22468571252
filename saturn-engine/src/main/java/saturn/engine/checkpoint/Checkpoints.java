package saturn.engine.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import saturn.engine.io.AtomicFiles;
import saturn.engine.model.Model;
import saturn.engine.optim.OptState;
import saturn.engine.tensor.Parameter;

/**
 * The checkpoints of a run, in one folder:
 * <ul>
 *   <li>{@code step-N.safetensors}: the model's parameters and buffers under their PyTorch
 *       names and layouts — no other tensor, so
 *       {@code model.load_state_dict(safetensors.torch.load_file(f))} takes it as is —, metadata
 *       {@code format=pt, step=N} and the run's description ({@code saturn.*} keys, what
 *       {@link saturn.engine.train.Trainer#describeWeights} was given: enough to rebuild the
 *       network and its input pipeline from the file alone);</li>
 *   <li>{@code step-N.state.safetensors}: what resuming needs besides the weights — every
 *       optimizer state array as {@code optimizer.<path>} ({@link OptState#arrays()} names),
 *       the optimizer counters, the {@link TrainingPosition} and the run's options
 *       ({@code option.<name>}, what {@link saturn.engine.train.Trainer#recordOptions} was given)
 *       in the metadata.</li>
 * </ul>
 * Each file is written atomically (temporary file, fsync, rename), weights first, so a
 * checkpoint counts once its state file exists. A failed or killed write leaves no file under
 * a final name and the earlier checkpoints untouched.
 */
public final class Checkpoints {

    private static final Pattern STATE_NAME = Pattern.compile("step-(\\d+)\\.state\\.safetensors");
    private static final String OPT_PREFIX = "optimizer.";
    private static final String COUNTER_PREFIX = "optimizer.counter.";
    private static final String OPTION_PREFIX = "option.";
    /** Appended to the files of a checkpoint that cannot be read, set aside by {@link #setAside}. */
    public static final String CORRUPT = ".corrupt";
    private static final String SCALAR_PREFIX = "optimizer.scalar.";

    private final Path dir;
    private final UnaryOperator<OutputStream> streams;

    public Checkpoints(Path dir) {
        this(dir, UnaryOperator.identity());
    }

    /** With every output stream passed through {@code streams} (tests inject failures there). */
    public Checkpoints(Path dir, UnaryOperator<OutputStream> streams) {
        this.dir = dir;
        this.streams = streams;
    }

    public Path dir() {
        return dir;
    }

    public Path weightsFile(long step) {
        return dir.resolve("step-" + step + ".safetensors");
    }

    public Path stateFile(long step) {
        return dir.resolve("step-" + step + ".state.safetensors");
    }

    /** Saves the weights, then the optimizer state and position. */
    public void save(Model model, OptState optimizer, TrainingPosition position) throws IOException {
        save(model, optimizer, position, Map.of());
    }

    /** Saves the weights, then the optimizer state, the position and the run's {@code options}. */
    public void save(Model model, OptState optimizer, TrainingPosition position, Map<String, String> options)
            throws IOException {
        save(model, optimizer, position, options, Map.of());
    }

    /**
     * As {@link #save(Model, OptState, TrainingPosition, Map)}, with {@code description} added to
     * the weights file's metadata after {@code format} and {@code step}.
     */
    public void save(Model model, OptState optimizer, TrainingPosition position, Map<String, String> options,
                     Map<String, String> description) throws IOException {
        long step = position.step();
        List<StoredTensor> weights = new ArrayList<>();
        for (Parameter p : model.parameters()) weights.add(new StoredTensor(p.name(), p.shape(), p.data()));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("step", Long.toString(step));
        for (var e : description.entrySet()) {
            if (meta.containsKey(e.getKey())) throw new IllegalArgumentException("reserved metadata key " + e.getKey());
            meta.put(e.getKey(), e.getValue());
        }
        write(weightsFile(step), weights, meta);

        List<StoredTensor> state = new ArrayList<>();
        for (var e : optimizer.arrays().entrySet()) {
            state.add(new StoredTensor(OPT_PREFIX + e.getKey(), new int[] {e.getValue().length}, e.getValue()));
        }
        Map<String, String> stateMeta = new LinkedHashMap<>(position.toMetadata());
        for (var e : optimizer.counters().entrySet()) stateMeta.put(COUNTER_PREFIX + e.getKey(), Long.toString(e.getValue()));
        for (var e : options.entrySet()) stateMeta.put(OPTION_PREFIX + e.getKey(), e.getValue());
        for (var e : optimizer.scalars().entrySet()) stateMeta.put(SCALAR_PREFIX + e.getKey(), Double.toString(e.getValue()));
        write(stateFile(step), state, stateMeta);
    }

    private void write(Path file, List<StoredTensor> tensors, Map<String, String> meta) throws IOException {
        AtomicFiles.write(file, out -> SafeTensors.write(streams.apply(out), tensors, meta));
    }

    /** Steps of the complete checkpoints (weights and state present), ascending. */
    public List<Long> steps() throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<Long> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = STATE_NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    long step = Long.parseLong(m.group(1));
                    if (Files.isRegularFile(weightsFile(step))) out.add(step);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** The step of the latest complete checkpoint. */
    public OptionalLong latest() throws IOException {
        List<Long> s = steps();
        return s.isEmpty() ? OptionalLong.empty() : OptionalLong.of(s.getLast());
    }

    /**
     * Restores the weights, the optimizer state and the position of checkpoint {@code step}.
     *
     * @throws IllegalArgumentException naming the file when it is not a valid checkpoint of this model and optimizer
     */
    public TrainingPosition restore(long step, Model model, OptState optimizer) throws IOException {
        loadWeights(weightsFile(step), model);
        Path file = stateFile(step);
        SafeTensorsFile state = SafeTensors.read(file);
        Map<String, float[]> arrays = optimizer.arrays();
        for (var e : arrays.entrySet()) {
            StoredTensor t = state.get(OPT_PREFIX + e.getKey());
            if (t == null || t.data().length != e.getValue().length) {
                throw new IllegalArgumentException(file + ": optimizer state " + e.getKey()
                        + " missing or of another size (was the run made with another optimizer?)");
            }
            requireFinite(file, t);
            System.arraycopy(t.data(), 0, e.getValue(), 0, t.data().length);
        }
        if (state.tensors().size() != arrays.size()) {
            throw new IllegalArgumentException(file + ": " + state.tensors().size()
                    + " optimizer arrays, this optimizer has " + arrays.size());
        }
        for (String counter : optimizer.counters().keySet()) {
            optimizer.setCounter(counter, integer(file, state, COUNTER_PREFIX + counter));
        }
        for (String scalar : optimizer.scalars().keySet()) {
            optimizer.setScalar(scalar, Double.parseDouble(state.require(SCALAR_PREFIX + scalar)));
        }
        TrainingPosition p = position(file, state);
        if (p.step() != step) throw new IllegalArgumentException(file + " says step " + p.step());
        return p;
    }

    /** The options recorded with checkpoint {@code step} (empty for a checkpoint that recorded none). */
    public Map<String, String> options(long step) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : SafeTensors.read(stateFile(step)).metadata().entrySet()) {
            if (e.getKey().startsWith(OPTION_PREFIX)) out.put(e.getKey().substring(OPTION_PREFIX.length()), e.getValue());
        }
        return out;
    }

    /**
     * Renames the files of checkpoint {@code step} to {@code NAME.corrupt} (or {@code NAME.corrupt.2}, ...):
     * kept for inspection, no longer a checkpoint.
     *
     * @return the new names
     */
    public List<Path> setAside(long step) throws IOException {
        List<Path> moved = new ArrayList<>();
        for (Path f : List.of(stateFile(step), weightsFile(step))) {
            if (!Files.exists(f)) continue;
            Path target = f.resolveSibling(f.getFileName() + CORRUPT);
            for (int n = 2; Files.exists(target); n++) target = f.resolveSibling(f.getFileName() + CORRUPT + "." + n);
            Files.move(f, target);
            moved.add(target);
        }
        return moved;
    }

    /** The position recorded in checkpoint {@code step}, without restoring anything. */
    public TrainingPosition position(long step) throws IOException {
        return position(stateFile(step), SafeTensors.read(stateFile(step)));
    }

    private static TrainingPosition position(Path file, SafeTensorsFile state) {
        try {
            return TrainingPosition.fromMetadata(state);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static long integer(Path file, SafeTensorsFile f, String key) {
        String v = f.metadata().get(key);
        if (v == null) throw new IllegalArgumentException(file + ": metadata lacks '" + key + "'");
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": metadata '" + key + "' is '" + shorten(v) + "', not an integer");
        }
    }

    private static String shorten(String v) {
        String one = v.replaceAll("\\s+", " ");
        return one.length() > 40 ? one.substring(0, 40) + "..." : one;
    }

    private static void requireFinite(Path file, StoredTensor t) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                throw new IllegalArgumentException(file + ": tensor " + t.name() + " holds " + d[i] + " at index " + i
                        + " (a checkpoint of a diverged or damaged run)");
            }
        }
    }

    /**
     * Copies a weights file into the model's parameters; names and shapes must match exactly and
     * every value must be finite.
     *
     * @return the file's {@code step} metadata, or -1 when absent
     * @throws IllegalArgumentException naming the file when it does not fit the model
     */
    public static long loadWeights(Path file, Model model) throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        List<Parameter> params = model.parameters();
        for (Parameter p : params) {
            StoredTensor t = f.get(p.name());
            if (t == null) throw new IllegalArgumentException(file + " has no tensor " + p.name() + " (another architecture?)");
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new IllegalArgumentException(file + ": " + p.name() + " has shape " + Arrays.toString(t.shape())
                        + ", the model needs " + Arrays.toString(p.shape()));
            }
            requireFinite(file, t);
        }
        if (f.tensors().size() != params.size()) {
            throw new IllegalArgumentException(file + " holds " + f.tensors().size() + " tensors, the model has "
                    + params.size() + " (another architecture?)");
        }
        for (Parameter p : params) System.arraycopy(f.get(p.name()).data(), 0, p.data(), 0, p.size());
        return f.metadata().containsKey("step") ? integer(file, f, "step") : -1;
    }
}
