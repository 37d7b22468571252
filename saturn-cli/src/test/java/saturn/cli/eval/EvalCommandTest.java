package saturn.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;

/** {@code saturn eval} on checkpoints that are not what they should be: one line naming the file, exit 2. */
class EvalCommandTest {

    @TempDir
    Path tmp;

    private Path run;
    private Path weights;

    @BeforeEach
    void trainOnce() {
        run = tmp.resolve("run");
        Cli r = Cli.run("train", "--data", "synthetic:spirals?n=256&test=64", "--depth", "2", "--width", "6",
                "--activation", "tanh", "--batch", "32", "--threads", "1", "--max-steps", "4", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        weights = run.resolve("checkpoints/step-4.safetensors");
    }

    private static void assertOneLine(Cli r, String... parts) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        for (String p : parts) assertThat(r.err()).contains(p);
        assertThat(r.err().strip().lines().filter(l -> !l.startsWith("data: "))).as(r.err()).hasSize(1);
    }

    private Cli eval(Path checkpoint) {
        return Cli.run("eval", "--run", run.toString(), "--checkpoint", checkpoint.toString());
    }

    @Test
    void aCheckpointHoldingNaNIsRefusedNotScored() throws IOException {
        byte[] bytes = Files.readAllBytes(weights);
        long header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat((int) (8 + header), Float.NaN);
        Path nan = tmp.resolve("nan.safetensors");
        Files.write(nan, bytes);
        assertOneLine(eval(nan), nan.toString(), "holds NaN");
    }

    @Test
    void aNonNumericStepNamesTheFile() throws IOException {
        String text = new String(Files.readAllBytes(weights), StandardCharsets.ISO_8859_1);
        assertThat(text).contains("\"step\":\"4\"");
        Path odd = tmp.resolve("odd.safetensors");
        Files.write(odd, text.replace("\"step\":\"4\"", "\"step\":\"x\"").getBytes(StandardCharsets.ISO_8859_1));
        assertOneLine(eval(odd), odd.toString(), "'step' is 'x', not an integer");
    }

    @Test
    void aDeeplyNestedHeaderIsOneLine() throws IOException {
        String deep = "{\"a\":" + "[".repeat(500_000) + "]".repeat(500_000) + "}";
        ByteBuffer b = ByteBuffer.allocate(8 + deep.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(deep.length()).put(deep.getBytes(StandardCharsets.US_ASCII));
        Path file = tmp.resolve("deep.safetensors");
        Files.write(file, b.array());
        assertOneLine(eval(file), file.toString(), "nested deeper than 64 levels");
    }
}
