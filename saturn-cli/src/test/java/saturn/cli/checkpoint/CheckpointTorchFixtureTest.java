package saturn.cli.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import saturn.engine.model.Model;
import saturn.engine.tensor.Tensor;

/**
 * Saturn's logits from a checkpoint's metadata alone equal the logits PyTorch computed from
 * the same file with {@code tools/checkpoint_to_torch.py} (fixtures made by
 * {@code tools/make_checkpoint_fixtures.sh}): the module list, the activation formula with
 * the transform's constants, the recurrent stack and the stored preprocessing all say what
 * Saturn computes. Catches a description that differs from the network (a wrong formula, a
 * module left out, a skip weight, the wrong statistics).
 */
class CheckpointTorchFixtureTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CheckpointTorchFixtureTest.class.getResource("/saturn/cli/checkpoint/" + name).toURI());
    }

    private static float[][] csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("x")).toList();
        float[][] out = new float[lines.size()][];
        for (int i = 0; i < out.length; i++) {
            String[] cells = lines.get(i).split(",");
            out[i] = new float[cells.length];
            for (int j = 0; j < cells.length; j++) out[i][j] = Float.parseFloat(cells[j].strip());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lstm"})
    void saturnsLogitsEqualTorchsFromTheMetadataAlone(String name) throws Exception {
        SavedNetwork net = SavedNetwork.read(resource(name + ".safetensors"));
        float[][] rows = csv(resource(name + "-rows.csv"));
        float[][] torch = csv(resource(name + "-torch-logits.csv"));
        assertThat(rows.length).isEqualTo(torch.length).isPositive();
        int f = net.features();
        float[] x = new float[rows.length * f];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, x, i * f, f);
        net.preprocessing().transform(x, f);
        Model model = net.model();
        float[] logits = model.forward(new Tensor(x, rows.length, f)).data();
        int k = model.outputSize();
        assertThat(torch[0]).hasSize(k);
        double worst = 0;
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < k; c++) worst = Math.max(worst, Math.abs(logits[i * k + c] - torch[i][c]));
        }
        assertThat(worst).as("max |saturn - torch| over %d rows x %d logits", rows.length, k).isLessThanOrEqualTo(1e-5);
    }
}
