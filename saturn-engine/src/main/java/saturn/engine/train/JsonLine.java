package saturn.engine.train;

import java.util.Locale;

/**
 * Builds one flat JSON object for a {@code .jsonl} file. Doubles are written with
 * {@link Double#toString} (exact round trip, so identical runs give identical text);
 * NaN and infinities become {@code null}.
 */
public final class JsonLine {

    private final StringBuilder sb = new StringBuilder("{");

    public JsonLine put(String key, long value) {
        return key(key).raw(Long.toString(value));
    }

    public JsonLine put(String key, double value) {
        return key(key).raw(Double.isFinite(value) ? Double.toString(value) : "null");
    }

    public JsonLine put(String key, String value) {
        return key(key).raw(quote(value));
    }

    /** A value already in JSON (an array or object). */
    public JsonLine putRaw(String key, String json) {
        return key(key).raw(json);
    }

    private JsonLine key(String key) {
        if (sb.length() > 1) sb.append(',');
        sb.append(quote(key)).append(':');
        return this;
    }

    private JsonLine raw(String s) {
        sb.append(s);
        return this;
    }

    @Override
    public String toString() {
        return sb + "}";
    }

    public static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') q.append('\\').append(c);
            else if (c < 0x20) q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else q.append(c);
        }
        return q.append('"').toString();
    }
}
