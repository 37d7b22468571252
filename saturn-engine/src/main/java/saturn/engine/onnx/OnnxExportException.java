package saturn.engine.onnx;

/** A model the ONNX export cannot express; the message is one line naming what and why. */
public final class OnnxExportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OnnxExportException(String message) {
        super(message);
    }
}
