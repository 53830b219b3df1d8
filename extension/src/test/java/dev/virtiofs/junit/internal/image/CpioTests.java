package dev.virtiofs.junit.internal.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpioTests {

  @TempDir Path dir;

  @Test
  void cpioListsTheFilesAndTheDirectoriesAboveThem() throws Exception {
    byte[] archive = new Cpio().file("lib/modules/6.9/a.ko", "abc".getBytes(StandardCharsets.UTF_8))
        .file("lib/modules/6.9/modules.load", "a.ko\n".getBytes(StandardCharsets.UTF_8)).toBytes();
    assertThat(archive.length % 4).isZero();
    Path file = Files.write(dir.resolve("x.cpio"), archive);

    // GNU cpio, which build-image.sh needs too, reads it back as the kernel would unpack it
    Process cpio = new ProcessBuilder("cpio", "-it", "--quiet").redirectInput(file.toFile()).start();
    assertThat(cpio.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(cpio.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines())
        .containsExactly("lib", "lib/modules", "lib/modules/6.9", "lib/modules/6.9/a.ko", "lib/modules/6.9/modules.load");
    assertThat(cpio.exitValue()).isZero();
  }

  @Test
  void theContentIsKept() throws IOException, InterruptedException {
    Path file = Files.write(dir.resolve("y.cpio"), new Cpio().file("f", "hello".getBytes(StandardCharsets.UTF_8)).toBytes());
    Process cpio = new ProcessBuilder("cpio", "-i", "--quiet", "--to-stdout", "f").redirectInput(file.toFile()).start();
    assertThat(new String(cpio.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(cpio.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }
}
