package saturn.engine.data;

/** The content of an IDX image file: {@code count} images of {@code rows x cols} unsigned bytes, row-major. */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    public int pixelsPerImage() {
        return rows * cols;
    }
}
