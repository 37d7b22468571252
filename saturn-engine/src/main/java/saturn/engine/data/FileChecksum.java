package saturn.engine.data;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The expected SHA-256 and size of a file's <em>decompressed</em> IDX payload.
 *
 * <p>Why the payload and not the {@code .gz} file: mirrors and distributions recompress
 * the files (Debian's {@code .gz} are not byte-identical to the original ones), so the
 * compressed bytes differ from copy to copy while the data does not.
 *
 * @param file   the base file name, without {@code .gz} ("train-images-idx3-ubyte")
 * @param sha256 64 lower-case hex digits
 * @param size   the payload's length in bytes
 */
public record FileChecksum(String file, String sha256, long size) {

    public FileChecksum {
        Objects.requireNonNull(file, "file");
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (sha256.length() != 64 || !sha256.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + sha256);
        }
        if (size < 0) throw new IllegalArgumentException("negative size " + size);
    }

    /** True when the digest bytes and the length match. */
    public boolean matches(byte[] digest, long length) {
        return length == size && HexFormat.of().formatHex(digest).equals(sha256);
    }
}
