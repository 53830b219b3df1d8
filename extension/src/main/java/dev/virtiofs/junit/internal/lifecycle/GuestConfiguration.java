package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.internal.exec.ExecChannel;
import dev.virtiofs.junit.internal.exec.RawResult;
import dev.virtiofs.junit.internal.qemu.QemuProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Makes a guest restored from a snapshot this class's guest, through its exec agent: the host's
 * clock and fresh entropy first, then the image's {@code virtiofs-configure} with the per-VM files a
 * booted guest reads from fw_cfg ({@link GuestFiles}) in a bundle on its standard input: it
 * installs the keys, finds the shares QEMU has just plugged in and mounts them, as the init does at
 * boot. One command: each one costs the emulated guest a fork.
 */
final class GuestConfiguration {

  private static final int ENTROPY_BYTES = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private GuestConfiguration() {}

  /**
   * Configures the guest.
   *
   * @param exec the guest's exec channel, its agent answering
   * @param files the per-VM files, by name ({@code hostkey}, {@code authorized_keys}, {@code
   *     guest.conf})
   * @param qemu the guest's QEMU, for the failure story
   * @param timeout how long it may take
   * @throws IllegalStateException when a step fails; the message has the guest's words
   */
  static void apply(ExecChannel exec, List<Path> files, QemuProcess qemu, Duration timeout) {
    String step = "set the clock and reseed the random generator";
    try {
      byte[] entropy = new byte[ENTROPY_BYTES];
      RANDOM.nextBytes(entropy);
      exec.resume(Instant.now(), entropy, timeout);
      StringBuilder bundle = new StringBuilder();
      for (Path file : files) {
        bundle.append("file ").append(file.getFileName()).append(' ');
        appendPrintfFormat(bundle, Files.readAllBytes(file));
        bundle.append('\n');
      }
      step = "run virtiofs-configure";
      check(exec.run("virtiofs-configure -", bundle.toString().getBytes(StandardCharsets.US_ASCII), timeout), step);
    } catch (IOException e) {
      throw new IllegalStateException(qemu.failure("restored the guest, but could not " + step + ": " + e.getMessage()), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(qemu.failure("restored the guest, but could not " + step + " within "
          + timeout.toSeconds() + " s (bootTimeoutSeconds)"), e);
    }
  }

  /**
   * The bytes as a format for the shell's printf builtin, which writes the file with no fork: what
   * printf or read would take for something else (space, backslash, percent) and what is not
   * printable goes as an octal escape.
   */
  private static void appendPrintfFormat(StringBuilder format, byte[] bytes) {
    for (byte b : bytes) {
      int v = b & 0xff;
      if (v > ' ' && v < 0x7f && v != '\\' && v != '%') {
        format.append((char) v);
      } else {
        format.append('\\').append((char) ('0' + (v >> 6))).append((char) ('0' + ((v >> 3) & 7)))
            .append((char) ('0' + (v & 7)));
      }
    }
  }

  private static void check(RawResult result, String step) throws IOException {
    if (result.exitCode() != 0) {
      throw new IOException("status " + result.exitCode() + ": " + result.text().stderr().strip()
          + " " + result.text().stdout().strip());
    }
  }
}
