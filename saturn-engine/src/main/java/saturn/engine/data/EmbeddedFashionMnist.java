package saturn.engine.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * The Fashion-MNIST test set ("t10k", 10000 images) shipped inside the engine jar under
 * {@code saturn/data/fashion-mnist-t10k/} with its MIT licence, used when the full set is
 * absent. Split deterministically: the first {@value #TRAIN} images train, the last
 * {@value #TEST} test (the file is in shuffled order, so both halves hold every class).
 */
public final class EmbeddedFashionMnist {

    public static final int TRAIN = 8000;
    public static final int TEST = 2000;
    private static final String FOLDER = "/saturn/data/fashion-mnist-t10k/";

    private EmbeddedFashionMnist() {
    }

    /**
     * Loads the embedded subset; {@code why} says why the full set was not used and is
     * appended to the source, e.g. "full set not found".
     */
    public static Split load(String why) {
        IdxDataset dataset = IdxDataset.FASHION_MNIST;
        String imagesName = MnistFiles.TEST_IMAGES + ".gz";
        String labelsName = MnistFiles.TEST_LABELS + ".gz";
        IdxImages images = IdxReader.readImages("embedded " + imagesName, resource(imagesName));
        int[] labels = IdxReader.readLabels("embedded " + labelsName, resource(labelsName), dataset.classNames().size());
        String source = "embedded Fashion-MNIST t10k subset (" + TRAIN + " train / " + TEST + " test) — " + why;
        Dataset all = MnistFiles.toDataset(dataset, images, labels, imagesName, labelsName, source);
        if (all.n() != TRAIN + TEST) {
            throw new IllegalStateException("embedded Fashion-MNIST has " + all.n() + " images, expected " + (TRAIN + TEST));
        }
        return new Split(all.slice(0, TRAIN, source), all.slice(TRAIN, TRAIN + TEST, source));
    }

    private static byte[] resource(String file) {
        try (InputStream in = EmbeddedFashionMnist.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) throw new IllegalStateException("resource " + FOLDER + file + " missing from the build");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + FOLDER + file, e);
        }
    }
}
