package saturn.engine.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed data set argument: {@code scheme:body?key=value&key=value}, e.g.
 * {@code synthetic:spirals?n=2000&classes=2&noise=0.1&seed=1} or
 * {@code csv:data/iris.csv?label=species}. A plain name ({@code fashion-mnist}) has an
 * empty scheme. Parameters are read with typed getters; {@link #requireOnly} rejects
 * unknown keys with a message listing the known ones.
 */
public record DataSpec(String text, String scheme, String body, Map<String, String> params) {

    public DataSpec {
        params = Map.copyOf(params);
    }

    public static DataSpec parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) throw new DataException("empty data set name");
        int q = s.indexOf('?');
        String head = q < 0 ? s : s.substring(0, q);
        Map<String, String> params = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : s.substring(q + 1).split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                if (eq <= 0) throw new DataException(text + ": expected key=value, got '" + pair + "'");
                String key = pair.substring(0, eq).strip();
                if (params.put(key, pair.substring(eq + 1).strip()) != null) {
                    throw new DataException(text + ": parameter '" + key + "' given twice");
                }
            }
        }
        int colon = head.indexOf(':');
        // a Windows drive letter or a bare path is not a scheme; schemes are words of 2+ letters
        if (colon >= 2 && head.substring(0, colon).chars().allMatch(Character::isLetter)) {
            return new DataSpec(text, head.substring(0, colon), head.substring(colon + 1), params);
        }
        return new DataSpec(text, "", head, params);
    }

    /** The spec without its parameters ("synthetic:spirals"). */
    public String base() {
        return scheme.isEmpty() ? body : scheme + ":" + body;
    }

    /** Fails when a parameter outside {@code known} is present. */
    public void requireOnly(Set<String> known) {
        for (String key : params.keySet()) {
            if (!known.contains(key)) {
                throw new DataException(base() + ": unknown parameter '" + key + "' (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    public String string(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }

    public int integer(String key, int fallback, int min, int max) {
        String v = params.get(key);
        if (v == null) return fallback;
        int value;
        try {
            value = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new DataException(base() + ": " + key + "=" + v + " is not an integer");
        }
        if (value < min || value > max) {
            throw new DataException(base() + ": " + key + "=" + v + " is outside " + min + ".." + max);
        }
        return value;
    }

    public long seed(String key, long fallback) {
        String v = params.get(key);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new DataException(base() + ": " + key + "=" + v + " is not an integer");
        }
    }

    public double real(String key, double fallback, double min, double max) {
        String v = params.get(key);
        if (v == null) return fallback;
        double value;
        try {
            value = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new DataException(base() + ": " + key + "=" + v + " is not a number");
        }
        if (!(value >= min && value <= max)) {
            throw new DataException(base() + ": " + key + "=" + v + " is outside [" + min + ", " + max + "]");
        }
        return value;
    }

    public Boolean bool(String key) {
        String v = params.get(key);
        if (v == null) return null;
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> throw new DataException(base() + ": " + key + "=" + v + " is not true or false");
        };
    }
}
