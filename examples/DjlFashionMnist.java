import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import saturn.djl.DjlRemedy;
import saturn.djl.OfflinePyTorch;
import saturn.engine.data.Dataset;
import saturn.engine.data.EmbeddedFashionMnist;
import saturn.engine.data.Preprocessing;
import saturn.theory.Activation;

/**
 * A deep DJL MLP with Saturn's prescription: 30 tanh layers of width 128 with the TAT
 * transform as a DJL block and orthogonal weights, trained 40 Adam steps on the embedded
 * Fashion-MNIST subset with DJL's PyTorch engine on the CPU (one thread). Prints the loss on a fixed
 * batch before and after. Run it with saturn-djl and its dependencies on the class path:
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "CLASSPATH" examples/DjlFashionMnist.java [DEPTH [STEPS]]
 * </pre>
 * (docs/library.md shows how to get that class path from Maven).
 */
public class DjlFashionMnist {

    public static void main(String[] args) throws Exception {
        int depth = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int width = 128;
        int batch = 64;
        OfflinePyTorch.configure();   // the native PyTorch from the Maven jars, no download
        // one PyTorch thread unless told otherwise: a small network gains nothing from more, and
        // on a busy machine spinning threads slow it down many times over
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }

        Dataset train = Preprocessing.STANDARDIZE.apply(EmbeddedFashionMnist.load("example")).split().train();
        DjlRemedy remedy = DjlRemedy.prescribe(Activation.parse("tanh"), depth, 1L);
        System.out.println("remedy: " + remedy.prescription().reason());
        System.out.println("activation: " + remedy.network().formula());
        System.out.println("weights: " + remedy.weights().init().note());
        System.out.println("learning rate: " + remedy.learningRate());

        try (Model model = Model.newInstance("saturn-mlp")) {
            model.setBlock(remedy.mlp(depth, width, train.classes()));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) remedy.learningRate())).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch, train.features()));
                NDManager m = trainer.getManager();
                NDList probeX = new NDList(rows(m, train, 0, 512));
                NDList probeY = new NDList(labels(m, train, 0, 512));
                System.out.println("loss before: " + loss(trainer, probeX, probeY));
                for (int s = 0; s < steps; s++) {
                    int from = (s * batch) % (train.n() - batch);
                    try (NDManager step = m.newSubManager();
                         GradientCollector gc = trainer.newGradientCollector()) {
                        NDList x = new NDList(rows(step, train, from, batch));
                        NDList y = new NDList(labels(step, train, from, batch));
                        gc.backward(trainer.getLoss().evaluate(y, trainer.forward(x)));
                    }
                    trainer.step();
                }
                System.out.println("loss after " + steps + " steps: " + loss(trainer, probeX, probeY));
            }
        }
    }

    private static float loss(Trainer trainer, NDList x, NDList y) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDList pred = trainer.evaluate(x);
            pred.attach(scope);
            NDArray l = trainer.getLoss().evaluate(y, pred);
            l.attach(scope);
            return l.getFloat();
        }
    }

    private static NDArray rows(NDManager m, Dataset d, int from, int n) {
        float[] x = Arrays.copyOfRange(d.x(), from * d.features(), (from + n) * d.features());
        return m.create(x, new Shape(n, d.features()));
    }

    private static NDArray labels(NDManager m, Dataset d, int from, int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = d.y()[from + i];
        return m.create(y, new Shape(n, 1));
    }
}
