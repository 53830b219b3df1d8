package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.internal.exec.RawResult;
import dev.virtiofs.junit.internal.exec.ShellWords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * Files copied between the host and a guest through the exec channel ({@code cat} out, {@code
 * head -c} in), byte for byte: the {@code Guest} methods readString, writeString, upload and
 * download.
 */
final class GuestFileCopies {

  /** Runs a command in the guest with this stdin (or none) and gives its raw result. */
  private final BiFunction<String, byte[], RawResult> raw;

  GuestFileCopies(BiFunction<String, byte[], RawResult> raw) {
    this.raw = raw;
  }

  String readString(String guestPath) {
    return new String(readBytes(guestPath), StandardCharsets.UTF_8);
  }

  void writeString(String guestPath, String text) {
    writeBytes(guestPath, text.getBytes(StandardCharsets.UTF_8));
  }

  void upload(Path hostFile, String guestPath) {
    try {
      writeBytes(guestPath, Files.readAllBytes(hostFile));
    } catch (IOException e) {
      throw new GuestException("Cannot read " + hostFile + " to upload it: " + e.getMessage(), e);
    }
  }

  void download(String guestPath, Path hostFile) {
    try {
      Files.write(hostFile, readBytes(guestPath));
    } catch (IOException e) {
      throw new GuestException("Cannot write " + hostFile + ": " + e.getMessage(), e);
    }
  }

  private byte[] readBytes(String guestPath) {
    RawResult result = raw.apply("cat " + ShellWords.quote(guestPath), null);
    if (result.exitCode() != 0) {
      throw new GuestException(String.format("Cannot read guest file [%s]: %s", guestPath,
          new String(result.stderr(), StandardCharsets.UTF_8).strip()), null);
    }
    return result.stdout();
  }

  private void writeBytes(String guestPath, byte[] content) {
    RawResult result =
        raw.apply("head -c " + content.length + " > " + ShellWords.quote(guestPath), content);
    if (result.exitCode() != 0) {
      throw new GuestException(String.format("Cannot write guest file [%s]: %s", guestPath,
          new String(result.stderr(), StandardCharsets.UTF_8).strip()), null);
    }
  }
}
