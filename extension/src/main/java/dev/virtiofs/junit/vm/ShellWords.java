package dev.virtiofs.junit.vm;

/** Quoting for the guest's POSIX shell. */
final class ShellWords {

  private ShellWords() {}

  /** One word, single-quoted, whatever it holds. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
