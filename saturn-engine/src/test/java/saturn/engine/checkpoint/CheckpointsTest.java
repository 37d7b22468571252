package saturn.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.engine.init.InitScheme;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.loss.Target;
import saturn.engine.model.LayerKind;
import saturn.engine.model.Model;
import saturn.engine.model.ModelSpec;
import saturn.engine.model.TrainingStep;
import saturn.engine.optim.Optimizers;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;

class CheckpointsTest {

    @TempDir
    Path dir;

    private static Model mlp(long seed) {
        return Model.fromSpec(ModelSpec.mlp(3, 2, 5, Activation.parse("tanh"), 4).withInit(InitScheme.GAUSSIAN, 1.5, 0.1).withSeed(seed), Ops.reference());
    }

    private static TrainingStep trained(Model m, int steps) {
        TrainingStep step = new TrainingStep(m, new SoftmaxCrossEntropy(), Optimizers.adam(0.01));
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[8 * 3];
        int[] y = new int[8];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < y.length; i++) y[i] = r.nextInt(4);
        for (int s = 0; s < steps; s++) step.run(new Tensor(x, 8, 3), Target.labels(y));
        return step;
    }

    private static TrainingPosition at(long step) {
        return new TrainingPosition(step, 1, 2, 7, 0.5, 1.25, 3.5);
    }

    @Test
    void weightsFileReadByAnIndependentReaderHasPyTorchNamesShapesAndValues() throws IOException {
        Model m = mlp(1);
        TrainingStep step = trained(m, 2);
        Checkpoints c = new Checkpoints(dir);
        c.save(m, step.optimizerState(), at(2));

        IndependentSafeTensors.Parsed f = IndependentSafeTensors.read(c.weightsFile(2));
        assertThat(f.headerLength() % 8).isZero();
        assertThat(f.metadata()).containsEntry("format", "pt").containsEntry("step", "2");
        assertThat(f.entries()).extracting(IndependentSafeTensors.Entry::name).containsExactly(
                "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias", "layers.4.weight", "layers.4.bias");
        assertThat(f.get("layers.0.weight").shape()).containsExactly(5, 3);   // [out, in]
        assertThat(f.get("layers.4.weight").shape()).containsExactly(4, 5);
        assertThat(f.get("layers.4.bias").shape()).containsExactly(4);
        for (Parameter p : m.parameters()) {
            IndependentSafeTensors.Entry e = f.get(p.name());
            assertThat(e.dtype()).isEqualTo("F32");
            assertThat(e.shape()).isEqualTo(p.shape());
            assertThat(e.values()).isEqualTo(p.data());
        }
        // the weights file holds nothing but the model (PyTorch's strict load_state_dict)
        assertThat(f.entries()).hasSize(m.parameters().size());
    }

    @Test
    void rbfLayersUseCentersAndLogWidthNames() throws IOException {
        Model m = Model.fromSpec(ModelSpec.mlp(3, 1, 4, Activation.parse("tanh"), 2).withKind(LayerKind.RBF).withSeed(2), Ops.reference());
        Checkpoints c = new Checkpoints(dir);
        c.save(m, trained(m, 0).optimizerState(), at(0));
        IndependentSafeTensors.Parsed f = IndependentSafeTensors.read(c.weightsFile(0));
        for (Parameter p : m.parameters()) assertThat(f.get(p.name()).values()).isEqualTo(p.data());
        assertThat(f.entries()).extracting(IndependentSafeTensors.Entry::name)
                .containsExactly("layers.0.centers", "layers.0.log_width", "layers.1.weight", "layers.1.bias");
        assertThat(f.get("layers.0.centers").shape()).containsExactly(4, 3);
    }

    @Test
    void restoreBringsBackWeightsOptimizerStateCountersAndPosition() throws IOException {
        Model m = mlp(1);
        TrainingStep step = trained(m, 3);
        Checkpoints c = new Checkpoints(dir);
        c.save(m, step.optimizerState(), at(3));

        Model fresh = mlp(99);
        TrainingStep freshStep = new TrainingStep(fresh, new SoftmaxCrossEntropy(), Optimizers.adam(0.01));
        TrainingPosition p = c.restore(3, fresh, freshStep.optimizerState());
        assertThat(p).isEqualTo(at(3));
        for (int i = 0; i < m.parameters().size(); i++) {
            assertThat(fresh.parameters().get(i).data()).isEqualTo(m.parameters().get(i).data());
        }
        var want = step.optimizerState().arrays();
        var got = freshStep.optimizerState().arrays();
        assertThat(got.keySet()).isEqualTo(want.keySet());
        for (String k : want.keySet()) assertThat(got.get(k)).as(k).isEqualTo(want.get(k));
        assertThat(freshStep.optimizerState().counters()).isEqualTo(step.optimizerState().counters());
        assertThat(step.optimizerState().counters().values()).contains(3L);

        // same state → the next step gives the same bits
        trainedOnce(step);
        trainedOnce(freshStep);
        for (int i = 0; i < m.parameters().size(); i++) {
            assertThat(fresh.parameters().get(i).data()).isEqualTo(m.parameters().get(i).data());
        }
    }

    private static void trainedOnce(TrainingStep step) {
        float[] x = {1, 2, 3, -1, 0.5f, 0};
        step.run(new Tensor(x, 2, 3), Target.labels(new int[] {1, 3}));
    }

    @Test
    void aWriterFailingMidwayLeavesNoFileUnderTheFinalNameAndThePreviousCheckpointIntact() throws IOException {
        Model m = mlp(1);
        TrainingStep step = trained(m, 1);
        new Checkpoints(dir).save(m, step.optimizerState(), at(1));
        byte[] before = Files.readAllBytes(dir.resolve("step-1.safetensors"));

        trained(m, 0);
        Checkpoints failing = new Checkpoints(dir, out -> new FailAfter(out, 100));
        assertThatThrownBy(() -> failing.save(m, step.optimizerState(), at(2))).isInstanceOf(IOException.class);
        assertThat(dir.resolve("step-2.safetensors")).doesNotExist();
        assertThat(dir.resolve("step-2.state.safetensors")).doesNotExist();
        assertThat(listing()).containsExactlyInAnyOrder("step-1.safetensors", "step-1.state.safetensors");
        assertThat(Files.readAllBytes(dir.resolve("step-1.safetensors"))).isEqualTo(before);
        assertThat(new Checkpoints(dir).latest()).hasValue(1);
    }

    @Test
    void aCheckpointWhoseStateFileFailedDoesNotCountAsLatest() throws IOException {
        Model m = mlp(1);
        TrainingStep step = trained(m, 1);
        new Checkpoints(dir).save(m, step.optimizerState(), at(1));
        AtomicInteger files = new AtomicInteger();
        Checkpoints secondFileFails = new Checkpoints(dir,
                out -> files.incrementAndGet() == 2 ? new FailAfter(out, 10) : out);
        assertThatThrownBy(() -> secondFileFails.save(m, step.optimizerState(), at(2))).isInstanceOf(IOException.class);
        assertThat(dir.resolve("step-2.safetensors")).exists();
        assertThat(dir.resolve("step-2.state.safetensors")).doesNotExist();
        assertThat(new Checkpoints(dir).latest()).hasValue(1);
        assertThat(listing()).noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void truncatedOrForeignFilesAreRejectedWithOneLine() throws IOException {
        Model m = mlp(1);
        Checkpoints c = new Checkpoints(dir);
        c.save(m, trained(m, 0).optimizerState(), at(0));
        byte[] full = Files.readAllBytes(c.weightsFile(0));
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(full, full.length - 4));
        assertThatThrownBy(() -> Checkpoints.loadWeights(cut, m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data_offsets");
        Model other = Model.fromSpec(ModelSpec.mlp(3, 2, 6, Activation.parse("tanh"), 4), Ops.reference());
        assertThatThrownBy(() -> Checkpoints.loadWeights(c.weightsFile(0), other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layers.0.weight has shape [5, 3]");
    }

    @Test
    void aDeeplyNestedHeaderIsOneLineNotAStackOverflow() throws IOException {
        Model m = mlp(1);
        String json = "{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}";
        Path file = dir.resolve("deep.safetensors");
        Files.write(file, safetensors(json));
        assertThatThrownBy(() -> Checkpoints.loadWeights(file, m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("nested deeper than")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void weightsHoldingNaNAreRefusedNamingTheTensor() throws IOException {
        Model m = mlp(1);
        Checkpoints c = new Checkpoints(dir);
        c.save(m, trained(m, 0).optimizerState(), at(0));
        m.parameters().get(1).data()[2] = Float.NaN;
        Path nan = dir.resolve("nan.safetensors");
        SafeTensors.write(nan, m.parameters().stream().map(p -> new StoredTensor(p.name(), p.shape(), p.data())).toList(),
                java.util.Map.of("step", "3"));
        Model fresh = mlp(2);
        float[] before = fresh.parameters().get(0).data().clone();
        assertThatThrownBy(() -> Checkpoints.loadWeights(nan, fresh)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(nan.toString()).hasMessageContaining(m.parameters().get(1).name())
                .hasMessageContaining("NaN");
        assertThat(fresh.parameters().get(0).data()).isEqualTo(before);   // nothing copied
    }

    @Test
    void optimizerStateHoldingInfinityIsRefusedOnRestore() throws IOException {
        Model m = mlp(1);
        TrainingStep step = trained(m, 2);
        Checkpoints c = new Checkpoints(dir);
        c.save(m, step.optimizerState(), at(2));
        byte[] bytes = Files.readAllBytes(c.stateFile(2));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putFloat((int) (8 + b.getLong(0)), Float.POSITIVE_INFINITY);   // the first optimizer value
        Files.write(c.stateFile(2), bytes);
        assertThatThrownBy(() -> c.restore(2, mlp(1), trained(mlp(1), 0).optimizerState()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(c.stateFile(2) + ": tensor optimizer.").hasMessageContaining("holds Infinity");
    }

    @Test
    void aNonNumericStepNamesTheFile() throws IOException {
        Model m = mlp(1);
        Path file = dir.resolve("odd.safetensors");
        SafeTensors.write(file, m.parameters().stream().map(p -> new StoredTensor(p.name(), p.shape(), p.data())).toList(),
                java.util.Map.of("step", "twelve"));
        assertThatThrownBy(() -> Checkpoints.loadWeights(file, m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("'step' is 'twelve', not an integer");

        Checkpoints c = new Checkpoints(dir);
        TrainingStep step = trained(m, 1);
        c.save(m, step.optimizerState(), at(1));
        Path state = c.stateFile(1);
        byte[] bytes = Files.readAllBytes(state);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\"epoch\":\"1\"", "\"epoch\":\"x\"");
        Files.write(state, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> c.restore(1, mlp(1), trained(mlp(1), 0).optimizerState()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(state.toString());
    }

    @Test
    void aShapeWhoseElementCountOverflowsIsRefused() throws IOException {
        // 2^30 * 2^30 * 16 = 2^64 elements: 0 in 64-bit arithmetic, which the empty data would "fit"
        Path file = dir.resolve("huge.safetensors");
        Files.write(file, safetensors("{\"w\":{\"dtype\":\"F32\",\"shape\":[1073741824,1073741824,16],"
                + "\"data_offsets\":[0,0]}}"));
        assertThatThrownBy(() -> SafeTensors.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large for one tensor");
    }

    @Test
    void optionsRecordedWithACheckpointAreReadBack() throws IOException {
        Model m = mlp(1);
        Checkpoints c = new Checkpoints(dir);
        c.save(m, trained(m, 0).optimizerState(), at(0), java.util.Map.of("lr", "0.001", "batch", "32"));
        assertThat(c.options(0)).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("lr", "0.001", "batch", "32"));
        c.save(m, trained(m, 0).optimizerState(), at(1));
        assertThat(c.options(1)).isEmpty();
    }

    @Test
    void aCheckpointSetAsideKeepsItsBytesUnderAnotherName() throws IOException {
        Model m = mlp(1);
        Checkpoints c = new Checkpoints(dir);
        c.save(m, trained(m, 0).optimizerState(), at(0));
        c.save(m, trained(m, 0).optimizerState(), at(4));
        byte[] weights = Files.readAllBytes(c.weightsFile(4));
        c.setAside(4);
        assertThat(c.steps()).containsExactly(0L);
        assertThat(Files.readAllBytes(dir.resolve("step-4.safetensors.corrupt"))).isEqualTo(weights);
        c.save(m, trained(m, 0).optimizerState(), at(4));
        c.setAside(4);
        assertThat(listing()).contains("step-4.safetensors.corrupt", "step-4.safetensors.corrupt.2",
                "step-4.state.safetensors.corrupt", "step-4.state.safetensors.corrupt.2");
    }

    /** A safetensors file whose header is {@code json} (no data). */
    private static byte[] safetensors(String json) {
        byte[] header = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + header.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        return b.array();
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Passes {@code limit} bytes through, then fails like a full disk or a killed writer. */
    private static final class FailAfter extends FilterOutputStream {
        private long left;

        FailAfter(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (--left < 0) throw new IOException("injected failure");
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) write(b[off + i]);
        }
    }
}
