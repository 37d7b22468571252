package saturn.engine.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST family's format), gzipped or not. Gzip is detected by its
 * magic bytes {@code 1f 8b}, not by the file name. Supported: unsigned-byte images
 * (magic {@code 0x00000803}) and unsigned-byte labels ({@code 0x00000801}).
 *
 * <p>The file is read as a stream: the header first, then exactly the bytes it promises
 * (its dimensions are unsigned 32-bit counts), then at most {@value #MAX_TRAILING} more to
 * say how many trail. A file that decompresses to far more than its header promises (a gzip
 * bomb) is stopped there, and a header promising more than is there allocates only what
 * arrives.
 *
 * <p>Every check fails with a one-line {@link DataException} naming the file: wrong magic
 * or data type, zero dimensions, fewer bytes than the header promises (truncation), more
 * bytes than it promises (trailing garbage), labels outside the declared class count.
 */
public final class IdxReader {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int UNSIGNED_BYTE = 0x08;
    /** The largest payload one Java array holds. */
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE - 16;
    /** Trailing bytes are counted up to this many. */
    static final long MAX_TRAILING = 1 << 20;

    private IdxReader() {
    }

    public static IdxImages readImages(Path file) {
        try (InputStream in = open(file)) {
            return readImages(file.toString(), in, Files.size(file));
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static int[] readLabels(Path file, int classes) {
        try (InputStream in = open(file)) {
            return readLabels(file.toString(), in, Files.size(file), classes);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses an image file's bytes (gzipped or raw); {@code name} is used in error messages. */
    public static IdxImages readImages(String name, byte[] fileBytes) {
        return readImages(name, new ByteArrayInputStream(fileBytes), fileBytes.length);
    }

    /**
     * Parses a label file's bytes (gzipped or raw) and checks every label lies in
     * {@code [0, classes)}.
     */
    public static int[] readLabels(String name, byte[] fileBytes, int classes) {
        return readLabels(name, new ByteArrayInputStream(fileBytes), fileBytes.length, classes);
    }

    private static IdxImages readImages(String name, InputStream file, long fileSize) {
        Payload p = read(name, file, fileSize, IMAGES_MAGIC, new String[] {"image count", "rows", "columns"},
                d -> d[0] + " images of " + d[1] + "x" + d[2]);
        return new IdxImages((int) p.dims[0], (int) p.dims[1], (int) p.dims[2], p.data);
    }

    private static int[] readLabels(String name, InputStream file, long fileSize, int classes) {
        Payload p = read(name, file, fileSize, LABELS_MAGIC, new String[] {"label count"}, d -> d[0] + " labels");
        int[] labels = new int[p.data.length];
        for (int i = 0; i < labels.length; i++) {
            int label = p.data[i] & 0xff;
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

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private record Payload(long[] dims, byte[] data) {
    }

    private interface Promise {
        String of(long[] dims);
    }

    private static Payload read(String name, InputStream file, long fileSize, int magic, String[] dimNames, Promise promise) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(file, 1 << 16);
            buffered.mark(2);
            boolean gzip = isGzip(buffered.readNBytes(2));
            buffered.reset();
            InputStream in = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            try {
                return read(name, in, gzip, magic, dimNames, promise);
            } catch (EOFException e) {
                throw new DataException(name + ": truncated gzip stream (" + fileSize + " bytes); the file is incomplete");
            } catch (ZipException e) {
                throw new DataException(name + ": corrupt gzip stream: " + e.getMessage());
            }
        } catch (IOException e) {
            throw new DataException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Payload read(String name, InputStream in, boolean gzip, int magic, String[] dimNames, Promise promise)
            throws IOException {
        int headerBytes = 4 + 4 * dimNames.length;
        byte[] header = in.readNBytes(headerBytes);
        checkHeader(name, header, magic, headerBytes);
        long[] dims = new long[dimNames.length];
        long expected = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Integer.toUnsignedLong(readInt(header, 4 + 4 * i));
            if (dims[i] == 0) throw new DataException(name + ": bad header: " + dimNames[i] + " is 0");
            expected = Math.min(expected * dims[i], MAX_PAYLOAD + 1);   // at most 2^31 * 2^32: no overflow
        }
        String has = gzip ? " bytes after decompression" : "";
        if (expected > MAX_PAYLOAD) {
            throw new DataException(name + ": header promises " + promise.of(dims) + " (more than " + (headerBytes + MAX_PAYLOAD)
                    + " bytes), too large to load");
        }
        String promised = promise.of(dims) + " (" + (headerBytes + expected) + " bytes)";
        byte[] data = new byte[(int) Math.min(expected, 1 << 20)];
        int got = 0;
        while (got < expected) {
            if (got == data.length) data = Arrays.copyOf(data, (int) Math.min(expected, 2L * data.length));
            int r = in.read(data, got, data.length - got);
            if (r < 0) {
                throw new DataException(name + ": truncated: header promises " + promised + " but the file has "
                        + (headerBytes + got) + has);
            }
            got += r;
        }
        long extra = 0;
        byte[] sink = new byte[8192];
        int r;
        while (extra <= MAX_TRAILING && (r = in.read(sink)) >= 0) extra += r;
        if (extra > 0) {
            String count = extra > MAX_TRAILING ? "more than " + MAX_TRAILING : Long.toString(extra);
            String total = extra > MAX_TRAILING ? "more than " + (headerBytes + expected + MAX_TRAILING)
                    : Long.toString(headerBytes + expected + extra);
            throw new DataException(name + ": " + count + " trailing bytes: header promises " + promised
                    + " but the file has " + total + has);
        }
        return new Payload(dims, data);
    }

    private static void checkHeader(String name, byte[] data, int magic, int headerBytes) {
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

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
