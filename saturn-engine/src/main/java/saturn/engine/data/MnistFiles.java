package saturn.engine.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The MNIST file layout: a folder holding {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
 * {@code t10k-labels-idx1-ubyte}, each optionally gzipped with a {@code .gz} suffix.
 * When both {@code name} and {@code name.gz} exist, the uncompressed one is read.
 */
public final class MnistFiles {

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final List<String> NAMES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private MnistFiles() {
    }

    /** The file for {@code base} in {@code dir} ({@code base} or {@code base.gz}), or null when neither exists. */
    public static Path find(Path dir, String base) {
        Path raw = dir.resolve(base);
        if (Files.isRegularFile(raw)) return raw;
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) return gz;
        return null;
    }

    /** The standard names that {@code dir} lacks (all four when it is not a folder). */
    public static List<String> missing(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String name : NAMES) {
            if (!Files.isDirectory(dir) || find(dir, name) == null) missing.add(name);
        }
        return missing;
    }

    /** True when the folder holds all four files. */
    public static boolean complete(Path dir) {
        return missing(dir).isEmpty();
    }

    /**
     * Loads the four files of {@code dir} as a train/test split.
     *
     * @throws DataException when a file is missing or invalid, or the files disagree
     */
    public static Split load(Path dir, IdxDataset dataset, String source) {
        List<String> missing = missing(dir);
        if (!missing.isEmpty()) {
            throw new DataException(dataset.title() + ": " + dir + " lacks " + String.join(", ", missing)
                    + " (each may be gzipped, with .gz)");
        }
        int classes = dataset.classNames().size();
        Dataset train = pair(dataset, find(dir, TRAIN_IMAGES), find(dir, TRAIN_LABELS), classes, source);
        Dataset test = pair(dataset, find(dir, TEST_IMAGES), find(dir, TEST_LABELS), classes, source);
        if (train.features() != test.features()) {
            throw new DataException(dataset.title() + ": training images have " + train.features()
                    + " pixels but test images have " + test.features() + " (in " + dir + ")");
        }
        return new Split(train, test);
    }

    static Dataset pair(IdxDataset dataset, Path imagesFile, Path labelsFile, int classes, String source) {
        IdxImages images = IdxReader.readImages(imagesFile);
        int[] labels = IdxReader.readLabels(labelsFile, classes);
        return toDataset(dataset, images, labels, imagesFile.getFileName() + "", labelsFile.getFileName() + "", source);
    }

    static Dataset toDataset(IdxDataset dataset, IdxImages images, int[] labels, String imagesName, String labelsName,
                             String source) {
        if (images.count() != labels.length) {
            throw new DataException(dataset.title() + ": " + imagesName + " has " + images.count() + " images but "
                    + labelsName + " has " + labels.length + " labels");
        }
        byte[] pixels = images.pixels();
        float[] x = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) x[i] = pixels[i] & 0xff;
        return new Dataset(dataset.name(), x, labels, images.count(), images.pixelsPerImage(),
                dataset.classNames().size(), dataset.classNames(), Dataset.Values.BYTES, source);
    }
}
