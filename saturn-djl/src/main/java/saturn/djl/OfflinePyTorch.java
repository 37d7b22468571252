package saturn.djl;

import java.util.Map;

/**
 * Points DJL at the PyTorch native library shipped in Maven jars (this module's
 * dependencies {@code pytorch-native-cpu:2.7.1:linux-x86_64} and
 * {@code pytorch-jni:2.7.1-0.36.0}), so that DJL downloads nothing: {@code ai.djl.offline},
 * {@code PYTORCH_VERSION} and {@code PYTORCH_FLAVOR}. Settings given on the command line
 * ({@code -D}) or in the environment win. Call it before DJL's first use of an engine.
 */
public final class OfflinePyTorch {

    /** The properties and the values they get unless set. */
    public static final Map<String, String> PROPERTIES = Map.of(
            "ai.djl.offline", "true",
            "PYTORCH_VERSION", "2.7.1",
            "PYTORCH_FLAVOR", "cpu");

    private OfflinePyTorch() {
    }

    /** Sets each of {@link #PROPERTIES} that neither a system property nor the environment sets. */
    public static void configure() {
        PROPERTIES.forEach((key, value) -> {
            if (System.getProperty(key) == null && System.getenv(key) == null) System.setProperty(key, value);
        });
    }
}
