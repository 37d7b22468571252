package saturn.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import saturn.engine.checkpoint.Checkpoints;
import saturn.engine.checkpoint.SafeTensors;
import saturn.engine.checkpoint.SafeTensorsFile;
import saturn.engine.checkpoint.StoredTensor;
import saturn.engine.data.DatasetResolver;
import saturn.engine.data.Preprocessing;
import saturn.engine.data.Split;
import saturn.engine.init.InitScheme;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.model.Model;
import saturn.engine.model.ModelSpec;
import saturn.engine.model.TrainingStep;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.Optimizers;
import saturn.engine.optim.Schedule;
import saturn.engine.tensor.Ops;
import saturn.theory.Activation;

/**
 * The optimizers that set their own step keep all of it in the checkpoint: arrays (moments,
 * Schedule-Free's z and y, Prodigy's initial weights, vSGD's averages and memories), counters
 * and real-valued scalars (d, the numerators, the averaging weights). A run stopped at step 12 and resumed from its
 * checkpoint, over other initial weights, writes the same metrics, diagnostics (steps 1, 5, 10, …
 * take the composed path, the others the fused one) and final checkpoint as an uninterrupted one.
 */
class SelfTuningResumeTest {

    private static final Split DATA = Preprocessing.parse("standardize")
            .apply(DatasetResolver.system().resolve("synthetic:spirals?n=300&test=100")).split();

    @TempDir
    Path tmp;

    static Stream<Arguments> optimizers() {
        Schedule one = Schedule.constant(1);
        return Stream.of(
                Arguments.of("dadapt", (Supplier<GradientTransformation>) () -> Optimizers.dadaptAdam(one, 0.9, 0.999, 1e-8, 0.01, 1e-6)),
                Arguments.of("prodigy", (Supplier<GradientTransformation>) () -> Optimizers.prodigy(one, 0.9, 0.999, 1e-8, 0.01, 1e-6, 1)),
                Arguments.of("schedulefree", (Supplier<GradientTransformation>) () -> Optimizers.scheduleFreeAdamW(
                        Schedule.constant(0.01), 0.9, 0.999, 1e-8, 0.01, 5)),
                Arguments.of("vsgd", (Supplier<GradientTransformation>) () -> Optimizers.vsgd(one, 2, 1e-9, 1, false)),
                Arguments.of("vsgd per tensor", (Supplier<GradientTransformation>) () -> Optimizers.vsgd(one, 2, 1e-9, 1, true)),
                Arguments.of("schedulefree, clipped", (Supplier<GradientTransformation>) () -> Optimizers.chain(
                        Optimizers.clipByGlobalNorm(0.5), Optimizers.scheduleFreeAdamW(Schedule.constant(0.01), 0.9, 0.999, 1e-8, 0, 0))));
    }

    private static Trainer trainer(Path dir, long modelSeed, GradientTransformation opt) throws IOException {
        Files.createDirectories(dir);
        Model m = Model.fromSpec(ModelSpec.mlp(2, 3, 16, Activation.parse("tanh"), 2).withInit(InitScheme.GAUSSIAN, 1.5, 0.05)
                .withSeed(modelSeed), Ops.selected());
        TrainingStep step = new TrainingStep(m, new SoftmaxCrossEntropy(), opt);
        return new Trainer(step, new SoftmaxCrossEntropy(), Schedule.constant(1), DATA,
                new TrainConfig(32, 4, Budget.ofSteps(30), 15, 5, 7), dir);
    }

    private static List<String> withoutWall(Path runDir) throws IOException {
        return Files.readAllLines(runDir.resolve("metrics.jsonl")).stream()
                .map(l -> l.replaceAll(",\"wall_seconds\":[^,}]*", "")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aStoppedRunResumesExactly(String name, Supplier<GradientTransformation> optimizer) throws IOException {
        Path a = tmp.resolve("a");
        TrainResult whole = trainer(a, 5, optimizer.get()).run(new StopRequest(), TrainListener.none());
        assertThat(whole.status()).isEqualTo(TrainResult.Status.COMPLETED);

        Path b = tmp.resolve("b");
        StopRequest stop = new StopRequest();
        trainer(b, 5, optimizer.get()).run(stop, (line, total, vf) -> {
            if (line.step() == 12) stop.request();
        });
        assertThat(new Checkpoints(b.resolve("checkpoints")).steps()).containsExactly(0L, 7L, 12L);
        Trainer again = trainer(b, 999, optimizer.get());
        assertThat(again.resume().step()).isEqualTo(12);
        TrainResult rest = again.run(new StopRequest(), TrainListener.none());
        assertThat(rest.finalEvaluation()).isEqualTo(whole.finalEvaluation());
        assertThat(withoutWall(b)).isEqualTo(withoutWall(a));
        assertThat(Files.readAllLines(b.resolve("diagnostics.jsonl"))).isEqualTo(Files.readAllLines(a.resolve("diagnostics.jsonl")));
        assertThat(Files.readAllBytes(b.resolve("checkpoints/step-30.safetensors")))
                .isEqualTo(Files.readAllBytes(a.resolve("checkpoints/step-30.safetensors")));
        // the optimizer's state (its arrays, counters and scalars) too; the wall time aside
        SafeTensorsFile sa = SafeTensors.read(a.resolve("checkpoints/step-30.state.safetensors"));
        SafeTensorsFile sb = SafeTensors.read(b.resolve("checkpoints/step-30.state.safetensors"));
        assertThat(sb.tensors().size()).isEqualTo(sa.tensors().size());
        for (StoredTensor t : sa.tensors()) assertThat(sb.get(t.name()).data()).as(t.name()).containsExactly(t.data());
        Map<String, String> ma = new java.util.TreeMap<>(sa.metadata()), mb = new java.util.TreeMap<>(sb.metadata());
        ma.remove("wall_seconds");
        mb.remove("wall_seconds");
        assertThat(mb).isEqualTo(ma).containsKey("optimizer.counter.count");
        // and the weights did move
        assertThat(Files.readAllBytes(a.resolve("checkpoints/step-30.safetensors")))
                .isNotEqualTo(Files.readAllBytes(a.resolve("checkpoints/step-0.safetensors")));
    }
}
