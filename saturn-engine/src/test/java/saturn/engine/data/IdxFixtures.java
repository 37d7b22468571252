package saturn.engine.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Tiny valid IDX files built in memory, and folders of the four MNIST-format files. */
final class IdxFixtures {

    static final int ROWS = 3;
    static final int COLS = 2;
    static final int TRAIN = 12;
    static final int TEST = 5;

    private IdxFixtures() {
    }

    /** Image {@code i}'s pixel {@code p} is {@code (base + 7 i + p) mod 256}. */
    static byte[] images(int count, int rows, int cols, int base) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * cols; p++) b.put((byte) (base + 7 * i + p));
        }
        return b.array();
    }

    static byte[] labels(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
        b.putInt(0x00000801).putInt(labels.length);
        for (int l : labels) b.put((byte) l);
        return b.array();
    }

    static int[] cyclicLabels(int count, int classes) {
        int[] y = new int[count];
        for (int i = 0; i < count; i++) y[i] = i % classes;
        return y;
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw payload of each standard file; {@code base} makes folders distinguishable. */
    static byte[] payload(String file, int base) {
        return switch (file) {
            case MnistFiles.TRAIN_IMAGES -> images(TRAIN, ROWS, COLS, base);
            case MnistFiles.TRAIN_LABELS -> labels(cyclicLabels(TRAIN, 10));
            case MnistFiles.TEST_IMAGES -> images(TEST, ROWS, COLS, base + 100);
            case MnistFiles.TEST_LABELS -> labels(cyclicLabels(TEST, 10));
            default -> throw new IllegalArgumentException(file);
        };
    }

    static List<FileChecksum> checksums(int base) {
        return MnistFiles.NAMES.stream()
                .map(f -> new FileChecksum(f, sha256(payload(f, base)), payload(f, base).length)).toList();
    }

    /** Writes the four files into {@code dir}, gzipped or raw; returns {@code dir}. */
    static Path writeFolder(Path dir, int base, boolean gz) {
        try {
            Files.createDirectories(dir);
            for (String f : MnistFiles.NAMES) {
                byte[] raw = payload(f, base);
                Files.write(dir.resolve(gz ? f + ".gz" : f), gz ? gzip(raw) : raw);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first pixel of the first training image of a folder written with {@code base}. */
    static float firstPixel(int base) {
        return base & 0xff;
    }
}
