import java.nio.file.Files;
import java.nio.file.Path;
import saturn.engine.data.DataSpec;
import saturn.engine.remedy.AutoRemedy;
import saturn.engine.run.DataLoader;
import saturn.engine.run.RunPlan;
import saturn.engine.run.RunSpec;
import saturn.engine.run.TrainingRun;
import saturn.engine.train.Budget;
import saturn.engine.train.StopRequest;
import saturn.engine.train.TrainListener;
import saturn.engine.train.TrainResult;
import saturn.theory.Activation;

/**
 * Trains a deep tanh MLP on the two-arm spirals through Saturn's library API, with the
 * theory's remedy, and prints its test accuracy. Run it as a single-file program with the
 * engine, theory and their dependencies on the class path:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "saturn-cli/target/lib/*" examples/TrainSpirals.java [DIR]
 * </pre>
 */
public class TrainSpirals {

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("saturn-spirals");
        RunSpec spec = RunSpec.of(DataSpec.parse("synthetic:spirals?n=1000&test=200"), 8, 32, Activation.parse("tanh"))
                .withAutoRemedy()
                .withBudget(Budget.ofSteps(300))
                .withThreads(1);
        RunPlan plan = RunPlan.of(spec);   // remedy chosen, transform solved, init resolved
        System.out.println("remedy: " + plan.prescription().reason());
        TrainingRun run = TrainingRun.open(plan, DataLoader.system().load(spec.data(), null), dir);
        TrainResult result = run.train(new StopRequest(), TrainListener.none());
        System.out.println("status: " + result.status());
        System.out.println("test accuracy: " + run.evaluate().accuracy());
        System.out.println("auto learning rate at depth 8: " + AutoRemedy.learningRate(1e-3, 8));
    }
}
