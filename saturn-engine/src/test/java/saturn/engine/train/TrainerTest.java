package saturn.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.engine.checkpoint.Checkpoints;
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
import saturn.engine.tensor.Parameter;
import saturn.theory.Activation;

class TrainerTest {

    /** 300 training rows in batches of 32: 10 batches per epoch, the last one of 12 rows. */
    private static final Split DATA = Preprocessing.parse("standardize")
            .apply(DatasetResolver.system().resolve("synthetic:spirals?n=300&test=100")).split();
    private static final int DEPTH = 3;

    @TempDir
    Path tmp;

    private static Trainer trainer(Path dir, Budget budget, long modelSeed, Schedule lr, boolean sgd) throws IOException {
        return trainer(dir, budget, modelSeed, lr, sgd, "tanh");
    }

    private static Trainer trainer(Path dir, Budget budget, long modelSeed, Schedule lr, boolean sgd, String activation)
            throws IOException {
        Files.createDirectories(dir);
        Model m = Model.fromSpec(ModelSpec.mlp(2, DEPTH, 16, Activation.parse(activation), 2).withInit(InitScheme.GAUSSIAN, 1.5, 0.05)
                .withSeed(modelSeed), Ops.selected());
        GradientTransformation opt = sgd ? Optimizers.sgd(lr) : Optimizers.adam(lr, 0.9, 0.999, 1e-8);
        TrainingStep step = new TrainingStep(m, new SoftmaxCrossEntropy(), opt);
        return new Trainer(step, new SoftmaxCrossEntropy(), lr, DATA, new TrainConfig(32, 4, budget, 15, 5, 7), dir);
    }

    private static Trainer trainer(Path dir, Budget budget, long modelSeed) throws IOException {
        return trainer(dir, budget, modelSeed, Schedule.constant(0.01), false);
    }

    private static TrainListener stopAt(long step, StopRequest stop) {
        return (line, total, vf) -> {
            if (line.step() == step) stop.request();
        };
    }

    private static List<String> withoutWall(Path runDir) throws IOException {
        return Files.readAllLines(runDir.resolve("metrics.jsonl")).stream()
                .map(l -> l.replaceAll(",\"wall_seconds\":[^,}]*", "")).toList();
    }

    private static void assertSameRun(Path a, Path b, long finalStep) throws IOException {
        assertThat(withoutWall(b)).isEqualTo(withoutWall(a));
        assertThat(Files.readAllLines(b.resolve("diagnostics.jsonl"))).isEqualTo(Files.readAllLines(a.resolve("diagnostics.jsonl")));
        String w = "checkpoints/step-" + finalStep + ".safetensors";
        assertThat(Files.readAllBytes(b.resolve(w))).isEqualTo(Files.readAllBytes(a.resolve(w)));
    }

    @Test
    void aRunStoppedAndResumedWritesTheSameMetricsAsAnUninterruptedOne() throws IOException {
        Path a = tmp.resolve("a");
        TrainResult whole = trainer(a, Budget.ofSteps(30), 5).run(new StopRequest(), TrainListener.none());
        assertThat(whole.status()).isEqualTo(TrainResult.Status.COMPLETED);
        assertThat(Files.readAllLines(a.resolve("metrics.jsonl"))).hasSize(30 + 2);   // 30 steps, evals at 15 and 30

        Path b = tmp.resolve("b");
        StopRequest stop = new StopRequest();
        TrainResult first = trainer(b, Budget.ofSteps(30), 5).run(stop, stopAt(12, stop));
        assertThat(first.status()).isEqualTo(TrainResult.Status.STOPPED);
        assertThat(first.position().step()).isEqualTo(12);
        assertThat(new Checkpoints(b.resolve("checkpoints")).steps()).containsExactly(0L, 7L, 12L);

        Trainer again = trainer(b, Budget.ofSteps(30), 999);   // other initial weights: the checkpoint must win
        assertThat(again.resume().step()).isEqualTo(12);
        TrainResult rest = again.run(new StopRequest(), TrainListener.none());
        assertThat(rest.status()).isEqualTo(TrainResult.Status.COMPLETED);
        assertThat(rest.finalEvaluation()).isEqualTo(whole.finalEvaluation());
        assertSameRun(a, b, 30);
    }

    @Test
    void aKilledRunResumesFromItsLastCheckpointAndDropsTheLinesWrittenAfterIt() throws IOException {
        Path a = tmp.resolve("a");
        trainer(a, Budget.ofSteps(30), 5).run(new StopRequest(), TrainListener.none());

        Path b = tmp.resolve("b");
        StopRequest stop = new StopRequest();
        trainer(b, Budget.ofSteps(30), 5).run(stop, stopAt(17, stop));
        // as if killed after logging step 17 but before its checkpoint, in the middle of a line
        Files.delete(b.resolve("checkpoints/step-17.safetensors"));
        Files.delete(b.resolve("checkpoints/step-17.state.safetensors"));
        Files.writeString(b.resolve("metrics.jsonl"), "{\"step\":18,\"epo", StandardOpenOption.APPEND);
        assertThat(Files.readAllLines(b.resolve("metrics.jsonl"))).anyMatch(l -> l.startsWith("{\"step\":16,"));

        Trainer again = trainer(b, Budget.ofSteps(30), 5);
        assertThat(again.resume().step()).isEqualTo(14);
        again.run(new StopRequest(), TrainListener.none());
        assertSameRun(a, b, 30);
    }

    @Test
    void logsThatAreNotUtf8TextAreCutBackByteForByte() throws IOException {
        Path a = tmp.resolve("a");
        trainer(a, Budget.ofSteps(30), 5).run(new StopRequest(), TrainListener.none());

        Path b = tmp.resolve("b");
        StopRequest stop = new StopRequest();
        trainer(b, Budget.ofSteps(30), 5).run(stop, stopAt(14, stop));
        byte[] garbage = {'{', '"', 's', 't', 'e', 'p', '"', ':', '1', '5', ',', (byte) 0xff, (byte) 0xfe, '}', '\n'};
        Files.write(b.resolve("metrics.jsonl"), garbage, StandardOpenOption.APPEND);
        Files.write(b.resolve("diagnostics.jsonl"), new byte[] {(byte) 0xc3, 0x28, '\n'}, StandardOpenOption.APPEND);

        Trainer again = trainer(b, Budget.ofSteps(30), 5);
        assertThat(again.resume().step()).isEqualTo(14);
        again.run(new StopRequest(), TrainListener.none());
        assertSameRun(a, b, 30);
    }

    @Test
    void aFinishedRunExtendedToALargerBudgetEqualsTheLongerRun() throws IOException {
        Path a = tmp.resolve("a");
        trainer(a, Budget.ofSteps(30), 5).run(new StopRequest(), TrainListener.none());

        Path b = tmp.resolve("b");
        TrainResult shortRun = trainer(b, Budget.ofSteps(20), 5).run(new StopRequest(), TrainListener.none());
        assertThat(shortRun.status()).isEqualTo(TrainResult.Status.COMPLETED);
        // the finished run evaluated at its end (step 20), off the every-15 schedule
        assertThat(Files.readAllLines(b.resolve("metrics.jsonl"))).last().asString().startsWith("{\"step\":20,\"kind\":\"eval\",\"test_loss\"");

        Trainer longer = trainer(b, Budget.ofSteps(30), 5);
        assertThat(longer.resume().step()).isEqualTo(20);
        longer.run(new StopRequest(), TrainListener.none());
        assertSameRun(a, b, 30);
    }

    @Test
    void aDamagedLatestCheckpointIsSetAsideAndTheOneBeforeItResumes() throws IOException {
        Path a = tmp.resolve("a");
        trainer(a, Budget.ofSteps(30), 5).run(new StopRequest(), TrainListener.none());

        Path b = tmp.resolve("b");
        StopRequest stop = new StopRequest();
        trainer(b, Budget.ofSteps(30), 5).run(stop, stopAt(17, stop));
        Path latest = b.resolve("checkpoints/step-17.state.safetensors");
        byte[] state = Files.readAllBytes(latest);
        Files.write(latest, java.util.Arrays.copyOf(state, state.length / 2));   // a disk that lost its tail

        List<String> notices = new java.util.ArrayList<>();
        Trainer again = trainer(b, Budget.ofSteps(30), 5);
        assertThat(again.resume(notices::add).step()).isEqualTo(14);
        assertThat(notices).singleElement().asString().contains("checkpoint step 17 cannot be read")
                .contains("step-17.state.safetensors");
        assertThat(b.resolve("checkpoints/step-17.state.safetensors.corrupt")).exists();
        assertThat(new Checkpoints(b.resolve("checkpoints")).steps()).containsExactly(0L, 7L, 14L);
        again.run(new StopRequest(), TrainListener.none());
        assertSameRun(a, b, 30);
    }

    @Test
    void noReadableCheckpointIsOneLineListingEach() throws IOException {
        Path a = tmp.resolve("a");
        StopRequest stop = new StopRequest();
        trainer(a, Budget.ofSteps(30), 5).run(stop, stopAt(3, stop));
        for (long s : new long[] {0, 3}) Files.writeString(a.resolve("checkpoints/step-" + s + ".safetensors"), "not weights");
        assertThatThrownBy(() -> trainer(a, Budget.ofSteps(30), 5).resume())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no checkpoint in").hasMessageContaining("step 3 (").hasMessageContaining("step 0 (")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void resumingWithOtherOptionsThanTheCheckpointRecordedIsRefused() throws IOException {
        Path a = tmp.resolve("a");
        StopRequest stop = new StopRequest();
        Trainer first = trainer(a, Budget.ofSteps(30), 5);
        first.recordOptions(java.util.Map.of("lr", "0.01", "batch", "32", "schedule-steps", "30"), java.util.Set.of());
        first.run(stop, stopAt(9, stop));

        Trainer edited = trainer(a, Budget.ofSteps(30), 5);
        edited.recordOptions(java.util.Map.of("lr", "0.5", "batch", "32", "schedule-steps", "30"), java.util.Set.of());
        assertThatThrownBy(edited::resume).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lr 0.5 (trained with 0.01)").hasMessageNotContaining("batch");

        Trainer stretched = trainer(a, Budget.ofSteps(40), 5);
        stretched.recordOptions(java.util.Map.of("lr", "0.01", "batch", "32", "schedule-steps", "40"), java.util.Set.of());
        assertThatThrownBy(stretched::resume).hasMessageContaining("schedule-steps 40 (trained with 30)");
        stretched.recordOptions(java.util.Map.of("lr", "0.01", "batch", "32", "schedule-steps", "40"),
                java.util.Set.of("schedule-steps"));
        assertThat(stretched.resume().step()).isEqualTo(9);
        stretched.run(new StopRequest(), TrainListener.none());
        assertThat(new Checkpoints(a.resolve("checkpoints")).options(40)).containsEntry("schedule-steps", "40");
    }

    @Test
    void epochsBudgetCoversEveryBatchIncludingThePartialOne() throws IOException {
        Path a = tmp.resolve("a");
        Trainer t = trainer(a, Budget.ofEpochs(2), 5);
        assertThat(t.totalSteps()).isEqualTo(20);
        TrainResult r = t.run(new StopRequest(), TrainListener.none());
        assertThat(r.position().step()).isEqualTo(20);
        List<String> lines = Files.readAllLines(a.resolve("metrics.jsonl"));
        assertThat(lines).filteredOn(l -> l.contains("\"epoch\":0,")).hasSize(10);
        assertThat(lines).filteredOn(l -> l.contains("\"epoch\":1,")).hasSize(10);
        assertThat(lines.get(0)).matches("\\{\"step\":1,\"kind\":\"train\",\"epoch\":0,\"loss\":[0-9.E-]+,\"accuracy\":[0-9.E-]+,"
                + "\"lr\":0\\.01,\"wall_seconds\":[0-9.E-]+}");
        assertThat(lines.getLast()).matches("\\{\"step\":20,\"kind\":\"eval\",\"test_loss\":[0-9.E-]+,\"test_accuracy\":[0-9.E-]+}");
        assertThat(new Checkpoints(a.resolve("checkpoints")).steps()).containsExactly(0L, 7L, 14L, 20L);
        assertThat(r.finalEvaluation().rows()).isEqualTo(100);
        assertThat(r.bestTestAccuracy()).isGreaterThanOrEqualTo(r.finalEvaluation().accuracy());
    }

    private static final Pattern DELTA = Pattern.compile("\"delta_rms\":([^,}]+)");
    private static final Pattern CHI = Pattern.compile("\"chi_emp\":([^,}]+)");
    private static final Pattern VF = Pattern.compile("\"vanishing_factor\":([^,}]+)");

    @Test
    void diagnosticsAreLoggedOnScheduleWithConsistentChiAndVanishingFactor() throws IOException {
        Path a = tmp.resolve("a");
        TrainResult r = trainer(a, Budget.ofSteps(12), 5).run(new StopRequest(), TrainListener.none());
        List<String> lines = Files.readAllLines(a.resolve("diagnostics.jsonl"));
        assertThat(lines).extracting(l -> l.substring(0, l.indexOf(',')))
                .containsExactly("{\"step\":1", "{\"step\":5", "{\"step\":10");
        for (String l : lines) {
            for (String field : List.of("pre_mean", "pre_std", "post_mean", "post_std", "saturation", "delta_rms",
                    "grad_norm", "update_ratio", "chi_emp")) {
                assertThat(l.split("\"" + field + "\":", -1)).as(field).hasSize(DEPTH + 1);
            }
            double[] delta = all(DELTA, l);
            double[] chi = all(CHI, l);
            assertThat(delta).hasSize(DEPTH);
            assertThat(java.util.Arrays.stream(delta).min().orElseThrow()).isPositive();
            double vf = all(VF, l)[0];
            assertThat(vf).isCloseTo(delta[0] / delta[DEPTH - 1], org.assertj.core.api.Assertions.within(1e-12));
            double product = 1;
            for (int i = 0; i < DEPTH - 1; i++) {
                assertThat(chi[i]).isCloseTo(Math.pow(delta[i] / delta[i + 1], 2), org.assertj.core.api.Assertions.within(1e-12));
                product *= chi[i];
            }
            assertThat(chi[DEPTH - 1]).isNaN();   // null: no layer above the last
            assertThat(product).isCloseTo(vf * vf, org.assertj.core.api.Assertions.withinPercentage(1e-9));
        }
        assertThat(r.position().vanishingFactor()).isEqualTo(all(VF, lines.getLast())[0]);
    }

    private static double[] all(Pattern p, String line) {
        Matcher m = p.matcher(line);
        java.util.ArrayList<Double> out = new java.util.ArrayList<>();
        while (m.find()) out.add(m.group(1).equals("null") ? Double.NaN : Double.parseDouble(m.group(1)));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void divergenceStopsAtTheStepNamesTheLayerAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path a = tmp.resolve("a");
        Trainer t = trainer(a, Budget.ofSteps(40), 5, step -> step < 10 ? 0.01 : 1e8, true, "x");
        TrainResult r = t.run(new StopRequest(), TrainListener.none());
        assertThat(r.status()).isEqualTo(TrainResult.Status.DIVERGED);
        Divergence d = r.divergence();
        assertThat(d.step()).isGreaterThan(10);
        assertThat(d.lastCheckpoint()).isEqualTo(7);
        assertThat(d.message()).contains("step " + d.step()).containsPattern("layers\\.\\d+");
        Checkpoints c = t.checkpoints();
        assertThat(c.latest()).hasValue(d.lastCheckpoint());
        assertThat(d.lastCheckpoint()).isLessThan(d.step());
        assertThat(r.position().step()).isEqualTo(d.lastCheckpoint());

        Model fresh = Model.fromSpec(ModelSpec.mlp(2, DEPTH, 16, Activation.parse("tanh"), 2), Ops.selected());
        Checkpoints.loadWeights(c.weightsFile(d.lastCheckpoint()), fresh);
        for (Parameter p : fresh.parameters()) {
            for (float v : p.data()) assertThat(Float.isFinite(v)).as(p.name()).isTrue();
        }
        assertThat(Files.readAllLines(a.resolve("metrics.jsonl")).getLast()).startsWith("{\"step\":" + d.step() + ",");
    }

    @Test
    void aNaNWeightIsCaughtBeforeTheCheckpointAndNamed() throws IOException {
        Path a = tmp.resolve("a");
        Files.createDirectories(a);
        Model[] model = new Model[1];
        Trainer poisoned = new Trainer(stepWithPoison(model), new SoftmaxCrossEntropy(), Schedule.constant(0.01), DATA,
                new TrainConfig(32, 4, Budget.ofSteps(20), 15, 5, 7), a);
        TrainResult r = poisoned.run(new StopRequest(), (line, total, vf) -> {
            if (line.step() == 6) model[0].parameters().get(2).data()[3] = Float.NaN;
        });
        assertThat(r.status()).isEqualTo(TrainResult.Status.DIVERGED);
        assertThat(r.divergence().step()).isEqualTo(7);
        assertThat(r.divergence().message()).contains("first non-finite values in layers.2 (Linear) output");
        assertThat(poisoned.checkpoints().steps()).containsExactly(0L);
    }

    private static TrainingStep stepWithPoison(Model[] holder) {
        holder[0] = Model.fromSpec(ModelSpec.mlp(2, DEPTH, 16, Activation.parse("tanh"), 2).withSeed(5), Ops.selected());
        return new TrainingStep(holder[0], new SoftmaxCrossEntropy(), Optimizers.sgd(0.01));
    }
}
