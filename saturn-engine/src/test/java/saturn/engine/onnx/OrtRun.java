package saturn.engine.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs a serialized ONNX model in ONNX Runtime on a batch of rows, returning one named output. */
final class OrtRun {

    private OrtRun() {
    }

    static float[][] run(byte[] model, float[] rows, int batch, int features, String output) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options);
                 ai.onnxruntime.OnnxTensor input = ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(rows),
                         new long[] {batch, features});
                 OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
                return (float[][]) result.get(output).orElseThrow().getValue();
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime refused the model: " + e.getMessage(), e);
        }
    }
}
