package saturn.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    private static final CsvOptions DEFAULTS = CsvOptions.defaults();

    @Test
    void integerLabelsInLastColumnWithoutHeader() {
        Dataset d = CsvReader.read("t.csv", "1.5,2,0\n-3,4e2,2\n\n# comment\n5,.25,1\n", DEFAULTS);
        assertThat(d.n()).isEqualTo(3);
        assertThat(d.features()).isEqualTo(2);
        assertThat(d.x()).containsExactly(1.5f, 2f, -3f, 400f, 5f, 0.25f);
        assertThat(d.y()).containsExactly(0, 2, 1);
        assertThat(d.classes()).isEqualTo(3);
        assertThat(d.classNames()).containsExactly("0", "1", "2");
        assertThat(d.values()).isEqualTo(Dataset.Values.REAL);
    }

    @Test
    void headerIsDetectedAndLabelChosenByName() {
        String text = "species,sepal,petal\nsetosa,5.1,1.4\nvirginica,6.3,6.0\nsetosa,4.9,1.3\nversicolor,5.5,4.0\n";
        Dataset d = CsvReader.read("iris.csv", text, DEFAULTS.withLabel("species"));
        assertThat(d.n()).isEqualTo(4);
        assertThat(d.x()).containsExactly(5.1f, 1.4f, 6.3f, 6.0f, 4.9f, 1.3f, 5.5f, 4.0f);
        // string labels numbered in order of first appearance, names recorded
        assertThat(d.classNames()).containsExactly("setosa", "virginica", "versicolor");
        assertThat(d.y()).containsExactly(0, 1, 0, 2);
    }

    @Test
    void labelByIndexAndNegativeIndex() {
        String text = "7,1.0,2.0\n8,3.0,4.0\n7,5.0,6.0\n";
        Dataset first = CsvReader.read("t.csv", text, DEFAULTS.withLabel("0"));
        assertThat(first.x()).containsExactly(1f, 2f, 3f, 4f, 5f, 6f);
        assertThat(first.classes()).isEqualTo(9);     // integers are class indices: 0..8
        assertThat(first.y()).containsExactly(7, 8, 7);
        Dataset last = CsvReader.read("t.csv", text, DEFAULTS.withLabel("-1"));
        assertThat(last.x()).containsExactly(7f, 1f, 8f, 3f, 7f, 5f);
    }

    @Test
    void explicitHeaderFalseTreatsFirstLineAsData() {
        Dataset d = CsvReader.read("t.csv", "1,2,a\n3,4,b\n", DEFAULTS.withHeader(false));
        assertThat(d.n()).isEqualTo(2);
        assertThat(d.classNames()).containsExactly("a", "b");
        Dataset h = CsvReader.read("t.csv", "1,2,a\n3,4,b\n5,6,a\n", DEFAULTS.withHeader(true));
        assertThat(h.n()).isEqualTo(2);
    }

    @Test
    void quotedCellsAndOtherDelimiter() {
        Dataset d = CsvReader.read("t.csv", "\"1.0\";2;\"a;b\"\n3;4;\"say \"\"hi\"\"\"\n",
                DEFAULTS.withDelimiter(';'));
        assertThat(d.x()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(d.classNames()).containsExactly("a;b", "say \"hi\"");
    }

    @Test
    void raggedRowNamesLineAndCounts() {
        assertThatThrownBy(() -> CsvReader.read("t.csv", "a,b,y\n1,2,0\n3,4\n", DEFAULTS))
                .isInstanceOf(DataException.class)
                .hasMessage("t.csv:3: 2 cells, expected 3 (as on line 1)");
    }

    @Test
    void nonNumericCellNamesLineColumnAndHeader() {
        assertThatThrownBy(() -> CsvReader.read("t.csv", "a,b,y\n1,2,0\n\n3,abc,1\n", DEFAULTS))
                .isInstanceOf(DataException.class)
                .hasMessage("t.csv:4:2: column 2 ('b') is not a number: 'abc'");
        assertThatThrownBy(() -> CsvReader.read("t.csv", "1,2,0\n3,NaN,1\n", DEFAULTS))
                .hasMessage("t.csv:2:2: column 2 is not a number: 'NaN'");
        assertThatThrownBy(() -> CsvReader.read("t.csv", "1,2,0\n,4,1\n", DEFAULTS))
                .hasMessage("t.csv:2:1: column 1 is not a number: ''");
    }

    @Test
    void unknownLabelColumn() {
        assertThatThrownBy(() -> CsvReader.read("t.csv", "a,b,y\n1,2,0\n", DEFAULTS.withLabel("class")))
                .hasMessageStartingWith("t.csv: no column named 'class'");
        assertThatThrownBy(() -> CsvReader.read("t.csv", "1,2,0\n", DEFAULTS.withLabel("5")))
                .hasMessageContaining("label column 5 is outside the 3 columns");
    }

    @Test
    void aStrayLargeLabelIsRefusedInsteadOfMakingAMillionClasses() {
        assertThatThrownBy(() -> CsvReader.read("t.csv", "1,2,0\n3,4,1\n5,6,999999\n", DEFAULTS))
                .isInstanceOf(DataException.class)
                .hasMessage("t.csv: label 999999 of data row 3 would make 1000000 classes; labels are class indices below "
                        + "1000 (or names, at most 1000): is the label column right?");
        Dataset most = CsvReader.read("t.csv", "1,2,0\n3,4,999\n", DEFAULTS);
        assertThat(most.classes()).isEqualTo(CsvReader.MAX_CLASSES);
    }

    @Test
    void aLabelColumnOfMeasurementsIsRefused() {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i <= CsvReader.MAX_CLASSES; i++) csv.append(i).append(",").append(i * 0.5 + 0.25).append('\n');
        assertThatThrownBy(() -> CsvReader.read("t.csv", csv.toString(), DEFAULTS))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("more than 1000 distinct values").hasMessageContaining("'500.25', on data row 1001");
    }

    @Test
    void singleClassIsRejected() {
        assertThatThrownBy(() -> CsvReader.read("t.csv", "1,2,x\n3,4,x\n", DEFAULTS))
                .hasMessageContaining("single class");
    }

    @Test
    void readsFromFileAndReportsMissingFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "x,y,label\n0.1,0.2,cat\n0.3,0.4,dog\n");
        Dataset d = CsvReader.read(f, DEFAULTS);
        assertThat(d.name()).isEqualTo("d.csv");
        assertThat(d.source()).contains(f.toString());
        assertThat(d.classNames()).containsExactly("cat", "dog");
        assertThatThrownBy(() -> CsvReader.read(dir.resolve("none.csv"), DEFAULTS))
                .isInstanceOf(DataException.class).hasMessageEndingWith("none.csv: no such file");
    }

    @Test
    void holdOutIsSeededAndDisjoint() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50; i++) text.append(i).append(',').append(i % 3).append('\n');
        Dataset all = CsvReader.read("t.csv", text.toString(), DEFAULTS);
        Split a = Split.holdOut(all, 0.2, 5);
        Split b = Split.holdOut(all, 0.2, 5);
        Split c = Split.holdOut(all, 0.2, 6);
        assertThat(a.train().n()).isEqualTo(40);
        assertThat(a.test().n()).isEqualTo(10);
        assertThat(a.test().x()).isEqualTo(b.test().x()).isNotEqualTo(c.test().x());
        java.util.Set<Float> seen = new java.util.HashSet<>();
        for (float v : a.train().x()) seen.add(v);
        for (float v : a.test().x()) assertThat(seen.add(v)).as("row %s in both halves", v).isTrue();
        assertThat(seen).hasSize(50);
        // rows keep their labels
        for (int i = 0; i < a.test().n(); i++) assertThat(a.test().y()[i]).isEqualTo((int) a.test().x()[i] % 3);
    }
}
