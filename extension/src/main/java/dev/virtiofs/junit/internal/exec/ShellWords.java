package dev.virtiofs.junit.internal.exec;

/** Quoting for the guest's POSIX shell. */
public final class ShellWords {

  private ShellWords() {}

  /**
   * One word, single-quoted, whatever it holds.
   *
   * @param word the word
   * @return the word, quoted for {@code /bin/sh}
   */
  public static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
