package saturn.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static saturn.engine.data.IdxFixtures.gzip;
import static saturn.engine.data.IdxFixtures.images;
import static saturn.engine.data.IdxFixtures.labels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsRawImages() {
        IdxImages im = IdxReader.readImages("img", images(4, 3, 2, 250));
        assertThat(im.count()).isEqualTo(4);
        assertThat(im.rows()).isEqualTo(3);
        assertThat(im.cols()).isEqualTo(2);
        assertThat(im.pixels()).hasSize(24);
        // unsigned: 250, 251, ..., 255, then wraps to 0 in image 1 (250 + 7 = 257)
        assertThat(im.pixels()[5] & 0xff).isEqualTo(255);
        assertThat(im.pixels()[6] & 0xff).isEqualTo(1);
    }

    @Test
    void gzipIsDetectedByMagicNotName() throws IOException {
        byte[] raw = images(5, 2, 2, 9);
        Path disguised = dir.resolve("plain-name-idx3-ubyte");   // gzipped, no .gz
        Files.write(disguised, gzip(raw));
        Path misnamed = dir.resolve("raw-file.gz");               // raw, named .gz
        Files.write(misnamed, raw);
        IdxImages a = IdxReader.readImages(disguised);
        IdxImages b = IdxReader.readImages(misnamed);
        assertThat(a.pixels()).isEqualTo(b.pixels()).isEqualTo(Arrays.copyOfRange(raw, 16, raw.length));
    }

    @Test
    void readsLabelsGzipped() {
        assertThat(IdxReader.readLabels("lbl", gzip(labels(3, 0, 9, 1)), 10)).containsExactly(3, 0, 9, 1);
    }

    @Test
    void truncatedImagesNameTheFileAndTheByteCounts() {
        byte[] full = images(10, 28, 28, 0);
        byte[] cut = Arrays.copyOf(full, 5000);
        assertThatThrownBy(() -> IdxReader.readImages("train-images-idx3-ubyte", cut))
                .isInstanceOf(DataException.class)
                .hasMessage("train-images-idx3-ubyte: truncated: header promises 10 images of 28x28 (7856 bytes) "
                        + "but the file has 5000");
    }

    @Test
    void truncatedGzipPayloadSaysAfterDecompression() {
        byte[] cut = gzip(Arrays.copyOf(images(10, 28, 28, 0), 5000));
        assertThatThrownBy(() -> IdxReader.readImages("x.gz", cut))
                .hasMessageContaining("7856 bytes").hasMessageContaining("5000 bytes after decompression");
    }

    @Test
    void truncatedGzipStreamIsReported() {
        byte[] gz = gzip(images(10, 28, 28, 0));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        assertThatThrownBy(() -> IdxReader.readImages("x.gz", cut))
                .isInstanceOf(DataException.class).hasMessageStartingWith("x.gz: truncated gzip stream");
    }

    @Test
    void truncatedHeader() {
        byte[] cut = Arrays.copyOf(images(1, 2, 2, 0), 10);
        assertThatThrownBy(() -> IdxReader.readImages("img", cut))
                .hasMessage("img: truncated: the header needs 16 bytes but the file has 10");
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] raw = images(2, 2, 2, 0);
        byte[] longer = Arrays.copyOf(raw, raw.length + 3);
        assertThatThrownBy(() -> IdxReader.readImages("img", longer))
                .hasMessageStartingWith("img: 3 trailing bytes: header promises 2 images of 2x2 (24 bytes)");
        byte[] lbl = Arrays.copyOf(labels(1, 2), 11);
        assertThatThrownBy(() -> IdxReader.readLabels("lbl", lbl, 10)).hasMessageContaining("1 trailing bytes");
    }

    @Test
    void aGzipBombStopsAtTheSizeTheHeaderPromises() throws IOException {
        // 4 labels, then 48 gzip members of 64 MiB of zeros each: 3 GiB once inflated, 3 MB on disk
        byte[] zeros = gzip(new byte[64 << 20]);
        java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
        bomb.write(gzip(labels(1, 2, 3, 4)));
        for (int i = 0; i < 48; i++) bomb.write(zeros);
        Path file = dir.resolve("t10k-labels-idx1-ubyte.gz");
        Files.write(file, bomb.toByteArray());
        assertThatThrownBy(() -> IdxReader.readLabels(file, 10))
                .isInstanceOf(DataException.class)
                .hasMessage(file + ": more than " + IdxReader.MAX_TRAILING + " trailing bytes: header promises 4 labels "
                        + "(12 bytes) but the file has more than " + (12 + IdxReader.MAX_TRAILING)
                        + " bytes after decompression");
    }

    @Test
    void headerCountsAreUnsignedAndTooLargeOnesAreRefusedBeforeReading() {
        byte[] header = java.nio.ByteBuffer.allocate(8).putInt(0x00000801).putInt(0xFFFFFFF0).array();
        assertThatThrownBy(() -> IdxReader.readLabels("lbl", header, 10))
                .isInstanceOf(DataException.class)
                .hasMessage("lbl: header promises 4294967280 labels (more than " + (8L + Integer.MAX_VALUE - 16)
                        + " bytes), too large to load");
        byte[] images = java.nio.ByteBuffer.allocate(16).putInt(0x00000803).putInt(0x80000000).putInt(1).putInt(1).array();
        assertThatThrownBy(() -> IdxReader.readImages("img", images)).hasMessageStartingWith("img: header promises 2147483648 images");
    }

    @Test
    void aHeaderPromisingMoreThanThereIsReportsTheBytesFound() {
        byte[] promise = java.nio.ByteBuffer.allocate(8 + 3).putInt(0x00000801).putInt(2_000_000_000).put(new byte[3]).array();
        assertThatThrownBy(() -> IdxReader.readLabels("lbl", promise, 10))
                .hasMessage("lbl: truncated: header promises 2000000000 labels (2000000008 bytes) but the file has 11");
    }

    @Test
    void wrongMagicSaysWhatTheFileLooksLike() {
        assertThatThrownBy(() -> IdxReader.readImages("img", labels(1, 2, 3)))
                .hasMessage("img: not an IDX image file: magic number 0x00000801 (a label file?), expected 0x00000803");
        assertThatThrownBy(() -> IdxReader.readLabels("lbl", images(1, 1, 1, 0), 10))
                .hasMessageContaining("magic number 0x00000803 (an image file?), expected 0x00000801");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0};
        assertThatThrownBy(() -> IdxReader.readLabels("pic", png, 10))
                .hasMessage("pic: not an IDX label file: magic number 0x89504e47, expected 0x00000801");
    }

    @Test
    void wrongDataTypeIsRejected() {
        byte[] floats = images(1, 1, 1, 0);
        floats[2] = 0x0D;   // IDX float
        assertThatThrownBy(() -> IdxReader.readImages("img", floats))
                .hasMessageContaining("unsupported IDX data type 0x0d").hasMessageContaining("0x08");
    }

    @Test
    void zeroDimensionIsRejected() {
        assertThatThrownBy(() -> IdxReader.readImages("img", images(2, 0, 3, 0)))
                .hasMessage("img: bad header: rows is 0");
    }

    @Test
    void labelOutOfRangeNamesIndexAndRange() {
        assertThatThrownBy(() -> IdxReader.readLabels("lbl", labels(0, 1, 10, 2), 10))
                .hasMessage("lbl: label 10 at index 2 is out of range 0..9 (10 classes)");
        // unsigned: byte 0xFF is 255, not -1
        assertThatThrownBy(() -> IdxReader.readLabels("lbl", labels(255), 10)).hasMessageContaining("label 255");
    }

    @Test
    void missingFileIsOneLine() {
        assertThatThrownBy(() -> IdxReader.readImages(dir.resolve("nope")))
                .isInstanceOf(DataException.class).hasMessageEndingWith("nope: no such file");
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        IdxFixtures.writeFolder(dir, 0, false);
        Files.write(dir.resolve(MnistFiles.TEST_LABELS), labels(1, 2, 3));
        assertThatThrownBy(() -> MnistFiles.load(dir, IdxDataset.FASHION_MNIST, "test"))
                .isInstanceOf(DataException.class)
                .hasMessage("Fashion-MNIST: t10k-images-idx3-ubyte has 5 images but t10k-labels-idx1-ubyte has 3 labels");
    }

    @Test
    void trainAndTestImageSizesMustAgree() throws IOException {
        IdxFixtures.writeFolder(dir, 0, false);
        Files.write(dir.resolve(MnistFiles.TEST_IMAGES), images(5, 2, 2, 0));
        assertThatThrownBy(() -> MnistFiles.load(dir, IdxDataset.FASHION_MNIST, "test"))
                .hasMessageContaining("training images have 6 pixels but test images have 4");
    }

    @Test
    void folderLoadsAsSplitWithBytePixels() {
        IdxFixtures.writeFolder(dir, 40, true);
        Split s = MnistFiles.load(dir, IdxDataset.FASHION_MNIST, "src");
        assertThat(s.train().n()).isEqualTo(IdxFixtures.TRAIN);
        assertThat(s.test().n()).isEqualTo(IdxFixtures.TEST);
        assertThat(s.train().features()).isEqualTo(6);
        assertThat(s.train().x()[0]).isEqualTo(40f);
        assertThat(s.test().x()[0]).isEqualTo(140f);
        assertThat(s.train().y()).containsExactly(IdxFixtures.cyclicLabels(IdxFixtures.TRAIN, 10));
        assertThat(s.train().values()).isEqualTo(Dataset.Values.BYTES);
        assertThat(s.train().classNames()).hasSize(10).contains("Ankle boot");
        assertThat(s.source()).isEqualTo("src");
    }

    @Test
    void rawFileWinsOverGzWhenBothExist() throws IOException {
        IdxFixtures.writeFolder(dir, 0, true);
        Files.write(dir.resolve(MnistFiles.TRAIN_IMAGES), images(IdxFixtures.TRAIN, 3, 2, 77));
        assertThat(MnistFiles.find(dir, MnistFiles.TRAIN_IMAGES)).isEqualTo(dir.resolve(MnistFiles.TRAIN_IMAGES));
        assertThat(MnistFiles.load(dir, IdxDataset.FASHION_MNIST, "s").train().x()[0]).isEqualTo(77f);
    }
}
