package io.roller.roll.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Says what went wrong with a file in words: NIO's exceptions carry only the path as their message
 * ({@code AccessDeniedException: /var}), which reads as no reason at all.
 */
public final class Errors {
  private Errors() {}

  /** The reason, naming the path it met when that is not {@code subject} itself. */
  public static String reason(IOException e, Path subject) {
    if (!(e instanceof FileSystemException f)) {
      return e.getMessage() != null ? e.getMessage() : e.toString();
    }
    String why =
        e instanceof AccessDeniedException
            ? "permission denied"
            : e instanceof NoSuchFileException
                ? "no such file or directory"
                : e instanceof NotDirectoryException
                    ? "not a directory"
                    : f.getReason() != null
                        ? Character.toLowerCase(f.getReason().charAt(0))
                            + f.getReason().substring(1)
                        : e.getClass().getSimpleName();
    String file = f.getFile();
    boolean same = file == null || subject != null && Path.of(file).equals(subject);
    return why
        + (same ? "" : " (" + file + ")")
        + (f.getOtherFile() == null ? "" : " (" + f.getOtherFile() + ")");
  }

  public static String reason(IOException e) {
    return reason(e, null);
  }
}
