package saturn.engine.data;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST family's format), gzipped or not. Gzip is detected by its
 * magic bytes {@code 1f 8b}, not by the file name. Supported: unsigned-byte images
 * (magic {@code 0x00000803}) and unsigned-byte labels ({@code 0x00000801}).
 *
 * <p>Every check fails with a one-line {@link DataException} naming the file: wrong magic
 * or data type, zero dimensions, fewer bytes than the header promises (truncation), more
 * bytes than it promises (trailing garbage), labels outside the declared class count.
 */
public final class IdxReader {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    public static IdxImages readImages(Path file) {
        return readImages(file.toString(), readFile(file));
    }

    public static int[] readLabels(Path file, int classes) {
        return readLabels(file.toString(), readFile(file), classes);
    }

    /** Parses an image file's bytes (gzipped or raw); {@code name} is used in error messages. */
    public static IdxImages readImages(String name, byte[] fileBytes) {
        byte[] data = payload(name, fileBytes);
        checkHeader(name, data, IMAGES_MAGIC, 3);
        int count = dimension(name, data, 0, "image count");
        int rows = dimension(name, data, 1, "rows");
        int cols = dimension(name, data, 2, "columns");
        long expected = 16L + (long) count * rows * cols;
        checkLength(name, data, isGzip(fileBytes), expected,
                count + " images of " + rows + "x" + cols + " (" + expected + " bytes)");
        byte[] pixels = new byte[count * rows * cols];
        System.arraycopy(data, 16, pixels, 0, pixels.length);
        return new IdxImages(count, rows, cols, pixels);
    }

    /**
     * Parses a label file's bytes (gzipped or raw) and checks every label lies in
     * {@code [0, classes)}.
     */
    public static int[] readLabels(String name, byte[] fileBytes, int classes) {
        byte[] data = payload(name, fileBytes);
        checkHeader(name, data, LABELS_MAGIC, 1);
        int count = dimension(name, data, 0, "label count");
        long expected = 8L + count;
        checkLength(name, data, isGzip(fileBytes), expected, count + " labels (" + expected + " bytes)");
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = data[8 + i] & 0xff;
            if (label >= classes) {
                throw new DataException(name + ": label " + label + " at index " + i
                        + " is out of range 0.." + (classes - 1) + " (" + classes + " classes)");
            }
            labels[i] = label;
        }
        return labels;
    }

    /** True when the bytes start with the gzip magic number {@code 1f 8b}. */
    public static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** The IDX payload: the bytes themselves, or their decompression when they are gzipped. */
    public static byte[] payload(String name, byte[] fileBytes) {
        if (!isGzip(fileBytes)) return fileBytes;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(fileBytes), 1 << 16)) {
            return in.readAllBytes();
        } catch (EOFException e) {
            throw new DataException(name + ": truncated gzip stream (" + fileBytes.length + " bytes); the file is incomplete");
        } catch (ZipException e) {
            throw new DataException(name + ": corrupt gzip stream: " + e.getMessage());
        } catch (IOException e) {
            throw new DataException(name + ": cannot decompress: " + e.getMessage(), e);
        }
    }

    static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void checkHeader(String name, byte[] data, int magic, int dims) {
        int headerBytes = 4 + 4 * dims;
        String what = magic == IMAGES_MAGIC ? "an IDX image file" : "an IDX label file";
        if (data.length < 4) {
            throw new DataException(name + ": not " + what + ": only " + data.length + " bytes");
        }
        int found = readInt(data, 0);
        if ((found >>> 16) != 0) {
            throw new DataException(name + ": not " + what + ": magic number "
                    + hex(found) + ", expected " + hex(magic));
        }
        int type = (found >>> 8) & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new DataException(name + ": unsupported IDX data type 0x" + String.format("%02x", type)
                    + " (magic " + hex(found) + "); only unsigned bytes (0x08) are supported");
        }
        if (found != magic) {
            String hint = (found & 0xff) == 1 ? " (a label file?)" : (found & 0xff) == 3 ? " (an image file?)" : "";
            throw new DataException(name + ": not " + what + ": magic number " + hex(found) + hint
                    + ", expected " + hex(magic));
        }
        if (data.length < headerBytes) {
            throw new DataException(name + ": truncated: the header needs " + headerBytes
                    + " bytes but the file has " + data.length);
        }
    }

    private static int dimension(String name, byte[] data, int index, String what) {
        int value = readInt(data, 4 + 4 * index);
        if (value <= 0) {
            throw new DataException(name + ": bad header: " + what + " is " + value);
        }
        return value;
    }

    private static void checkLength(String name, byte[] data, boolean gzipped, long expected, String promise) {
        String has = gzipped ? " bytes after decompression" : "";
        if (expected > Integer.MAX_VALUE - 16) {
            throw new DataException(name + ": header promises " + promise + ", too large to load");
        }
        if (data.length < expected) {
            throw new DataException(name + ": truncated: header promises " + promise
                    + " but the file has " + data.length + has);
        }
        if (data.length > expected) {
            throw new DataException(name + ": " + (data.length - expected) + " trailing bytes: header promises "
                    + promise + " but the file has " + data.length + has);
        }
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
