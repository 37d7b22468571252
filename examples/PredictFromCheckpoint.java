import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import saturn.engine.checkpoint.Checkpoints;
import saturn.engine.data.DataSpec;
import saturn.engine.data.Dataset;
import saturn.engine.model.Model;
import saturn.engine.run.DataLoader;
import saturn.engine.run.RunSpec;
import saturn.engine.run.RunPlan;
import saturn.engine.run.TrainingRun;
import saturn.engine.tensor.Tensor;
import saturn.engine.train.Budget;
import saturn.engine.train.StopRequest;
import saturn.engine.train.TrainListener;
import saturn.theory.Activation;

/**
 * Loads a checkpoint into a freshly built model and predicts with it. A short run on the
 * spirals writes the checkpoint first (into DIR); then a new model of the same spec gets the
 * checkpoint's weights ({@link Checkpoints#loadWeights}) and classifies the preprocessed test
 * set ({@link Model#forward}: one row of logits per example, the prediction its arg-max).
 * Prints the predictions, their accuracy, and whether they equal the trained model's. Run it
 * like the other examples:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "saturn-cli/target/lib/*" examples/PredictFromCheckpoint.java [DIR]
 * </pre>
 */
public class PredictFromCheckpoint {

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("saturn-predict");
        RunSpec spec = RunSpec.of(DataSpec.parse("synthetic:spirals?n=1000&test=200"), 4, 32, Activation.parse("tanh"))
                .withAutoRemedy().withBudget(Budget.ofSteps(400)).withThreads(1);
        TrainingRun run = TrainingRun.open(RunPlan.of(spec), DataLoader.system().load(spec.data(), null), dir);
        run.train(new StopRequest(), TrainListener.none());

        // a new model of the run's spec, its weights from the latest checkpoint
        Checkpoints checkpoints = new Checkpoints(dir.resolve("checkpoints"));
        Path weights = checkpoints.weightsFile(checkpoints.latest().orElseThrow());
        Model model = Model.fromSpec(run.plan().modelSpec(run.rawData().train()));
        long step = Checkpoints.loadWeights(weights, model);
        model.setTraining(false);
        System.out.println("checkpoint: " + dir.relativize(weights) + " (step " + step + ")");

        Dataset test = run.data().split().test();   // preprocessed with the training split's statistics
        int[] predicted = predict(model, test);
        int correct = 0;
        for (int i = 0; i < test.n(); i++) if (predicted[i] == test.y()[i]) correct++;
        System.out.println("predictions: " + Arrays.toString(Arrays.copyOf(predicted, 12)) + " ...");
        System.out.println("labels:      " + Arrays.toString(Arrays.copyOf(test.y(), 12)) + " ...");
        System.out.println("accuracy: " + (double) correct / test.n());

        run.model().setTraining(false);
        System.out.println("trained model's accuracy: " + run.evaluate().accuracy());
        System.out.println("same predictions as the trained model: " + Arrays.equals(predicted, predict(run.model(), test)));
    }

    /** The arg-max of each row of logits. */
    static int[] predict(Model model, Dataset data) {
        Tensor logits = model.forward(new Tensor(data.x().clone(), data.n(), data.features()));
        int classes = logits.cols();
        int[] out = new int[data.n()];
        float[] z = logits.data();
        for (int i = 0; i < data.n(); i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) if (z[i * classes + k] > z[i * classes + best]) best = k;
            out[i] = best;
        }
        return out;
    }
}
