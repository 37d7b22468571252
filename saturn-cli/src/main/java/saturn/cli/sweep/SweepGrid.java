package saturn.cli.sweep;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import saturn.cli.options.BadInputException;
import saturn.cli.options.TrainOptions;
import saturn.cli.run.ConfigFile;

/**
 * A sweep's grid: a YAML mapping whose keys are {@code saturn train} option names without
 * dashes; a list value is an axis, a scalar holds for every trial. The trials are the
 * Cartesian product of the axes, the first axis varying slowest.
 */
record SweepGrid(Map<String, List<String>> axes, Map<String, String> fixed) {

    /** The most trials one sweep runs: beyond, a grid is a typo or a job for several sweeps. */
    static final int MAX_TRIALS = 10_000;

    SweepGrid {
        axes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        fixed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
    }

    /** Reads and checks a grid file: unknown keys, {@code out}, nested or empty values are bad input. */
    static SweepGrid read(Path file) {
        JsonNode root;
        try {
            root = ConfigFile.YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (JacksonException e) {
            String msg = e.getOriginalMessage() == null ? e.getMessage() : e.getOriginalMessage();
            throw new BadInputException("bad YAML in " + file + ": " + msg.lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new BadInputException(file + ": expected a YAML mapping of train option: value or [values]");
        }
        Map<String, List<String>> axes = new LinkedHashMap<>();
        Map<String, String> fixed = new LinkedHashMap<>();
        for (var it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            String key = e.getKey();
            if (!TrainOptions.KEYS.contains(key)) {
                throw new BadInputException(file + ": unknown option '" + key + "' (train options: "
                        + String.join(", ", TrainOptions.KEYS) + ")");
            }
            if (key.equals("out")) throw new BadInputException(file + ": 'out' is set per trial by the sweep (use --out DIR)");
            JsonNode v = e.getValue();
            if (v.isArray()) {
                if (v.isEmpty()) throw new BadInputException(file + ": '" + key + "' is an empty list");
                List<String> values = new ArrayList<>();
                for (JsonNode x : v) {
                    if (x.isContainerNode() || x.isNull()) {
                        throw new BadInputException(file + ": '" + key + "' must list single values");
                    }
                    values.add(x.asText());
                }
                axes.put(key, values);
            } else if (v.isContainerNode()) {
                throw new BadInputException(file + ": '" + key + "' must be a value or a list of values");
            } else if (!v.isNull()) {
                fixed.put(key, v.asText());
            }
        }
        SweepGrid grid = new SweepGrid(axes, fixed);
        grid.requireSize(file);
        return grid;
    }

    /** Refuses a grid of more than {@link #MAX_TRIALS} trials before any of them is built. */
    void requireSize(Path file) {
        java.math.BigInteger n = java.math.BigInteger.ONE;
        List<String> sizes = new ArrayList<>();
        for (var axis : axes.entrySet()) {
            n = n.multiply(java.math.BigInteger.valueOf(axis.getValue().size()));
            sizes.add(axis.getValue().size() + " " + axis.getKey());
        }
        if (n.compareTo(java.math.BigInteger.valueOf(MAX_TRIALS)) > 0) {
            throw new BadInputException(file + ": the grid has " + n + " trials (" + String.join(" × ", sizes)
                    + "); a sweep runs at most " + MAX_TRIALS + ": split it into several sweeps");
        }
    }

    /** Every combination of the axes' values, over the fixed options; names are unique. */
    List<Trial> trials() {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (var axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Trial> trials = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Map<String, String> combo : combos) {
            Map<String, String> options = new LinkedHashMap<>(fixed);
            options.putAll(combo);
            String name = name(combo);
            int n = seen.merge(name, 1, Integer::sum);
            trials.add(new Trial(n == 1 ? name : name + "~" + n, combo, options));
        }
        return trials;
    }

    /**
     * A run directory name from the varying values: {@code key-value} pairs joined by
     * {@code _}, every character outside {@code [A-Za-z0-9.+]} of a value turned into
     * {@code -} (so {@code gaussian:1.5,0.05} becomes {@code gaussian-1.5-0.05}).
     */
    static String name(Map<String, String> axes) {
        if (axes.isEmpty()) return "trial";
        List<String> parts = new ArrayList<>();
        axes.forEach((k, v) -> parts.add(k + "-" + safe(v)));
        String name = String.join("_", parts);
        if (name.length() > 120) {
            name = name.substring(0, 100) + "~" + Integer.toHexString(name.hashCode());
        }
        return name;
    }

    static String safe(String value) {
        String s = value.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.+]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        return s.isEmpty() ? "x" : s;
    }
}
