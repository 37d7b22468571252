package saturn.engine.checkpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content of a safetensors file: its tensors in file order and its string metadata. */
public record SafeTensorsFile(List<StoredTensor> tensors, Map<String, String> metadata) {

    public SafeTensorsFile {
        tensors = List.copyOf(tensors);
        metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The tensor called {@code name}, or null. */
    public StoredTensor get(String name) {
        for (StoredTensor t : tensors) {
            if (t.name().equals(name)) return t;
        }
        return null;
    }

    /** A metadata value that must be present. */
    public String require(String key) {
        String v = metadata.get(key);
        if (v == null) throw new IllegalArgumentException("checkpoint metadata lacks '" + key + "'");
        return v;
    }
}
