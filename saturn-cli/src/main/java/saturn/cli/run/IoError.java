package saturn.cli.run;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * A failure of the file system (a full disk, a read-only or missing folder, a denied
 * permission) as one line for users: what could not be done to which file, and why.
 */
public final class IoError {

    private IoError() {
    }

    public static String line(IOException e) {
        String text = switch (e) {
            case NoSuchFileException f -> "cannot write or read " + f.getFile() + ": no such file or folder";
            case AccessDeniedException f -> "cannot write or read " + f.getFile() + ": permission denied";
            case FileSystemException f -> "cannot write or read " + f.getFile()
                    + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "") + ": "
                    + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
            case CharacterCodingException c -> "a file is not UTF-8 text (" + c.getClass().getSimpleName() + ")";
            default -> e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
                    : "input/output error (" + e.getClass().getSimpleName() + ")";
        };
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
