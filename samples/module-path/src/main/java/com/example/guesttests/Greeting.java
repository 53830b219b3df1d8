package com.example.guesttests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The code under test: writes a greeting into a directory that a guest shares. */
public final class Greeting {

  private Greeting() {}

  /**
   * Writes {@code hello.txt}.
   *
   * @param dir the directory
   * @param name who is greeted
   * @return the file
   * @throws IOException when it cannot be written
   */
  public static Path write(Path dir, String name) throws IOException {
    return Files.writeString(dir.resolve("hello.txt"), "hello, " + name);
  }
}
