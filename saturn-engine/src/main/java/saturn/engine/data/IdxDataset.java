package saturn.engine.data;

import java.util.List;
import java.util.Objects;

/**
 * A data set stored as the four standard MNIST-format IDX files
 * ({@link MnistFiles#NAMES}), with what is needed to find, check and download it.
 *
 * @param name       the name users type ("fashion-mnist"), also its folder name under data roots
 * @param title      the name in messages ("Fashion-MNIST")
 * @param classNames one name per class
 * @param checksums  SHA-256 of each file's decompressed payload; empty when unknown (no download)
 * @param baseUrl    where {@code <file>.gz} can be downloaded from, or null when it cannot
 */
public record IdxDataset(String name, String title, List<String> classNames, List<FileChecksum> checksums,
                         String baseUrl) {

    /**
     * Where Fashion-MNIST's four {@code .gz} files are served over HTTPS (the copy Keras
     * downloads; the canonical site, fashion-mnist.s3-website.eu-central-1.amazonaws.com,
     * serves plain HTTP only). The checksums, of the payloads, are what makes any copy trusted.
     */
    public static final String FASHION_MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    /** Fashion-MNIST (Xiao, Rasul, Vollgraf 2017), MIT licence, (c) 2017 Zalando SE. Checksums from Debian's copy. */
    public static final IdxDataset FASHION_MNIST = new IdxDataset("fashion-mnist", "Fashion-MNIST",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            List.of(new FileChecksum("train-images-idx3-ubyte",
                            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 47040016),
                    new FileChecksum("train-labels-idx1-ubyte",
                            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60008),
                    new FileChecksum("t10k-images-idx3-ubyte",
                            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 7840016),
                    new FileChecksum("t10k-labels-idx1-ubyte",
                            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10008)),
            FASHION_MNIST_URL);

    /** MNIST digits: only from a folder (--data-dir, $SATURN_DATA, the cache); never downloaded. */
    public static final IdxDataset MNIST = new IdxDataset("mnist", "MNIST",
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), List.of(), null);

    public IdxDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        classNames = List.copyOf(classNames);
        checksums = List.copyOf(checksums);
    }

    /** The same data set with other checksums and download location (tests serve fixtures from loopback). */
    public IdxDataset withDownload(String newBaseUrl, List<FileChecksum> newChecksums) {
        return new IdxDataset(name, title, classNames, newChecksums, newBaseUrl);
    }

    public boolean downloadable() {
        return baseUrl != null && checksums.size() == MnistFiles.NAMES.size();
    }

    public FileChecksum checksum(String file) {
        return checksums.stream().filter(c -> c.file().equals(file)).findFirst()
                .orElseThrow(() -> new DataException(title + ": no checksum known for " + file));
    }
}
