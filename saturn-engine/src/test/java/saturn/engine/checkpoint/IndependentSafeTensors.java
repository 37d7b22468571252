package saturn.engine.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A safetensors reader written for the tests from the format's description only, sharing no
 * code with {@link SafeTensors}: bytes assembled by hand (little-endian), header entries
 * matched by regular expressions, offsets checked to tile the data section exactly.
 */
final class IndependentSafeTensors {

    record Entry(String name, String dtype, int[] shape, float[] values) {
    }

    record Parsed(long headerLength, String header, List<Entry> entries, Map<String, String> metadata) {
        Entry get(String name) {
            return entries.stream().filter(e -> e.name.equals(name)).findFirst().orElseThrow();
        }
    }

    private static final Pattern ENTRY = Pattern.compile(
            "\"([^\"]+)\"\\s*:\\s*\\{\\s*\"dtype\"\\s*:\\s*\"(\\w+)\"\\s*,\\s*\"shape\"\\s*:\\s*\\[([0-9,\\s]*)]\\s*,"
                    + "\\s*\"data_offsets\"\\s*:\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]\\s*}");
    private static final Pattern META = Pattern.compile("\"__metadata__\"\\s*:\\s*\\{([^}]*)}");
    private static final Pattern PAIR = Pattern.compile("\"([^\"]*)\"\\s*:\\s*\"([^\"]*)\"");

    static Parsed read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        long n = 0;
        for (int i = 7; i >= 0; i--) n = (n << 8) | (b[i] & 0xFF);
        if (n <= 0 || 8 + n > b.length) throw new IllegalStateException("bad header length " + n);
        String header = new String(b, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8);
        int dataStart = 8 + (int) n;
        List<Entry> entries = new ArrayList<>();
        List<long[]> ranges = new ArrayList<>();
        Matcher m = ENTRY.matcher(header);
        while (m.find()) {
            String[] dims = m.group(3).isBlank() ? new String[0] : m.group(3).split(",");
            int[] shape = new int[dims.length];
            long count = 1;
            for (int i = 0; i < dims.length; i++) {
                shape[i] = Integer.parseInt(dims[i].trim());
                count *= shape[i];
            }
            long begin = Long.parseLong(m.group(4));
            long end = Long.parseLong(m.group(5));
            if (end - begin != 4 * count) throw new IllegalStateException(m.group(1) + ": offsets do not match shape");
            float[] values = new float[(int) count];
            for (int i = 0; i < count; i++) {
                int at = dataStart + (int) begin + 4 * i;
                int bits = (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
                values[i] = Float.intBitsToFloat(bits);
            }
            entries.add(new Entry(m.group(1), m.group(2), shape, values));
            ranges.add(new long[] {begin, end});
        }
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        long expect = 0;
        for (long[] r : ranges) {
            if (r[0] != expect) throw new IllegalStateException("gap or overlap in the data section at " + r[0]);
            expect = r[1];
        }
        if (dataStart + expect != b.length) throw new IllegalStateException("data section size " + (b.length - dataStart)
                + " but offsets end at " + expect);
        Map<String, String> meta = new LinkedHashMap<>();
        Matcher mm = META.matcher(header);
        if (mm.find()) {
            Matcher p = PAIR.matcher(mm.group(1));
            while (p.find()) meta.put(p.group(1), p.group(2));
        }
        return new Parsed(n, header, entries, meta);
    }
}
