package saturn.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedFashionMnistTest {

    private static Split split;

    @BeforeAll
    static void load() {
        split = EmbeddedFashionMnist.load("full set not found");
    }

    @Test
    void tenThousandImagesOf28x28SplitFirst8000Last2000() {
        assertThat(split.train().n()).isEqualTo(8000);
        assertThat(split.test().n()).isEqualTo(2000);
        assertThat(split.train().features()).isEqualTo(784);
        assertThat(split.train().classes()).isEqualTo(10);
        assertThat(split.train().classNames().getFirst()).isEqualTo("T-shirt/top");
        assertThat(split.train().values()).isEqualTo(Dataset.Values.BYTES);
    }

    @Test
    void labelsCoverAllTenClassesOnBothSides() {
        // counts of the t10k file's first 8000 / last 2000 labels (checked with a script)
        assertThat(split.train().classCounts()).containsExactly(786, 776, 825, 827, 810, 807, 790, 792, 790, 797);
        assertThat(split.test().classCounts()).containsExactly(214, 224, 175, 173, 190, 193, 210, 208, 210, 203);
    }

    @Test
    void pixelsAreUnsignedBytes() {
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : split.train().x()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(255f);
    }

    @Test
    void deterministicAndMatchesTheVendoredChecksum() throws Exception {
        Split again = EmbeddedFashionMnist.load("x");
        assertThat(again.train().x()).isEqualTo(split.train().x());
        assertThat(again.test().y()).isEqualTo(split.test().y());
        assertThat(again.source()).endsWith("— x");
        try (InputStream in = EmbeddedFashionMnist.class.getResourceAsStream(
                "/saturn/data/fashion-mnist-t10k/t10k-images-idx3-ubyte.gz")) {
            byte[] payload = IdxReader.payload("embedded", in.readAllBytes());
            assertThat(IdxDataset.FASHION_MNIST.checksum(MnistFiles.TEST_IMAGES).matches(
                    java.security.MessageDigest.getInstance("SHA-256").digest(payload), payload.length)).isTrue();
        }
    }

    @Test
    void licenceShipsBesideTheData() throws IOException {
        try (InputStream in = EmbeddedFashionMnist.class.getResourceAsStream("/saturn/data/fashion-mnist-t10k/LICENSE")) {
            assertThat(in).isNotNull();
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).contains("Copyright (c) 2017 Zalando SE").contains("Permission is hereby granted");
        }
    }
}
