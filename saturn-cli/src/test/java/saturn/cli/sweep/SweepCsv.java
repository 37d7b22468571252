package saturn.cli.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A sweep's {@code results.csv} by trial name, for the tests of sweeps shared between processes. */
record SweepCsv(List<String> header, Map<String, List<String>> rows) {

    /** The columns that differ between two runs of the same trials: the time they took and the folder they were in. */
    static final List<String> VARYING = List.of("wall_seconds", "run_dir");

    static SweepCsv read(Path sweep) throws IOException {
        List<String> lines = Files.readAllLines(sweep.resolve("results.csv"));
        List<String> header = List.of(lines.getFirst().split(","));
        Map<String, List<String>> rows = new TreeMap<>();
        for (String l : lines.subList(1, lines.size())) {
            List<String> cells = List.of(l.split(",", -1));
            rows.put(cells.getFirst(), cells);
        }
        return new SweepCsv(header, rows);
    }

    String cell(String trial, String column) {
        return rows.get(trial).get(header.indexOf(column));
    }

    /** Every row without the {@link #VARYING} columns. */
    Map<String, List<String>> deterministic() {
        Map<String, List<String>> out = new TreeMap<>();
        rows.forEach((name, cells) -> {
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                if (!VARYING.contains(header.get(i))) kept.add(cells.get(i));
            }
            out.put(name, kept);
        });
        return out;
    }
}
