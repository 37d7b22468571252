package saturn.engine.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import saturn.engine.io.AtomicFiles;

/**
 * The safetensors format (Hugging Face) for float32 tensors: an 8-byte little-endian header
 * length {@code n}; {@code n} bytes of JSON {@code {name: {"dtype": "F32", "shape": [...],
 * "data_offsets": [begin, end]}, "__metadata__": {string: string}}}, padded with spaces to a
 * multiple of 8; then the tensors' bytes, little-endian, at the offsets (relative to the end
 * of the header), in the order given. {@code safetensors.torch.load_file} reads it.
 */
public final class SafeTensors {

    private static final int CHUNK = 1 << 14;
    /** Refuse headers larger than this (the format's own limit is 100 MB). */
    private static final long MAX_HEADER = 100L << 20;
    private static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

    private SafeTensors() {
    }

    /** Writes the file atomically (temporary file, fsync, rename): a reader sees all or nothing. */
    public static void write(Path file, List<StoredTensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(file, out -> write(out, tensors, metadata));
    }

    /** Writes the safetensors bytes to a stream. */
    public static void write(OutputStream out, List<StoredTensor> tensors, Map<String, String> metadata)
            throws IOException {
        byte[] header = header(tensors, metadata);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length);
        out.write(buf.array(), 0, 8);
        out.write(header);
        for (StoredTensor t : tensors) {
            float[] data = t.data();
            for (int from = 0; from < data.length; from += CHUNK / 4) {
                int to = Math.min(data.length, from + CHUNK / 4);
                buf.clear();
                buf.asFloatBuffer().put(data, from, to - from);
                out.write(buf.array(), 0, (to - from) * 4);
            }
        }
    }

    private static byte[] header(List<StoredTensor> tensors, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            sb.append("\"__metadata__\":{");
            boolean first = true;
            for (var e : metadata.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                sb.append(HeaderJson.quote(e.getKey())).append(':').append(HeaderJson.quote(e.getValue()));
            }
            sb.append('}');
        }
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (StoredTensor t : tensors) {
            if (t.name().equals("__metadata__") || !names.add(t.name())) {
                throw new IllegalArgumentException("duplicate or reserved tensor name " + t.name());
            }
            if (sb.length() > 1) sb.append(',');
            long end = offset + 4L * t.data().length;
            sb.append(HeaderJson.quote(t.name())).append(":{\"dtype\":\"F32\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? "," : "").append(shape[i]);
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        sb.append('}');
        while ((sb.length() & 7) != 0) sb.append(' ');   // ASCII header: chars == bytes when names are ASCII
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        if ((bytes.length & 7) != 0) {
            byte[] padded = java.util.Arrays.copyOf(bytes, (bytes.length + 7) & ~7);
            java.util.Arrays.fill(padded, bytes.length, padded.length, (byte) ' ');
            bytes = padded;
        }
        return bytes;
    }

    /**
     * Reads a safetensors file of F32 tensors.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when it is not a valid F32 safetensors file (one line)
     */
    public static SafeTensorsFile read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw bad(file, "shorter than the 8-byte header length");
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long n = len.getLong(0);
            if (n < 2 || n > MAX_HEADER || 8 + n > size) throw bad(file, "header length " + n + " invalid for " + size + " bytes");
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(ch, headerBytes, 8);
            Object parsed;
            try {
                parsed = HeaderJson.parse(new String(headerBytes.array(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw bad(file, e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> header)) throw bad(file, "header is not a JSON object");
            long dataStart = 8 + n;
            long dataSize = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<StoredTensor> tensors = new ArrayList<>();
            for (var e : header.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals("__metadata__")) {
                    if (!(e.getValue() instanceof Map<?, ?> m)) throw bad(file, "__metadata__ is not an object");
                    for (var me : m.entrySet()) metadata.put((String) me.getKey(), String.valueOf(me.getValue()));
                    continue;
                }
                tensors.add(tensor(file, ch, name, e.getValue(), dataStart, dataSize));
            }
            return new SafeTensorsFile(tensors, metadata);
        }
    }

    private static StoredTensor tensor(Path file, FileChannel ch, String name, Object entry, long dataStart, long dataSize)
            throws IOException {
        if (!(entry instanceof Map<?, ?> info)) throw bad(file, name + ": entry is not an object");
        if (!"F32".equals(info.get("dtype"))) throw bad(file, name + ": dtype " + info.get("dtype") + ", only F32 is supported");
        if (!(info.get("shape") instanceof List<?> shapeList) || !(info.get("data_offsets") instanceof List<?> offsets)
                || offsets.size() != 2) {
            throw bad(file, name + ": missing shape or data_offsets");
        }
        int[] shape = new int[shapeList.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) throw bad(file, name + ": bad shape");
            shape[i] = (int) (long) d;
            // one float[] holds a tensor: at most 2^31 - 1 bytes of it, whatever the shape claims
            count = d == 0 || count <= MAX_TENSOR_BYTES / 4 / d ? count * d : MAX_TENSOR_BYTES;
        }
        if (count > MAX_TENSOR_BYTES / 4) throw bad(file, name + ": shape " + shapeList + " is too large for one tensor");
        if (!(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
            throw bad(file, name + ": bad data_offsets");
        }
        if (begin < 0 || end < begin || end > dataSize || end - begin != 4 * count) {
            throw bad(file, name + ": data_offsets [" + begin + ", " + end + "] do not fit shape "
                    + java.util.Arrays.toString(shape) + " in " + dataSize + " data bytes");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, bytes, dataStart + begin);
        float[] data = new float[(int) count];
        bytes.asFloatBuffer().get(data);
        return new StoredTensor(name, shape, data);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        buf.clear();
        long p = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) throw new IOException("unexpected end of file");
            p += r;
        }
        buf.flip();
    }

    private static IllegalArgumentException bad(Path file, String what) {
        return new IllegalArgumentException(file + ": not a valid safetensors checkpoint: " + what);
    }
}
