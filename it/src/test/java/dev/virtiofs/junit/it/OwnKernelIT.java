package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.testsupport.GuestInternals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code virtiofs.kernel} with {@code virtiofs.modules}: a distro kernel as a distro installs it
 * ({@code /boot/vmlinuz-<release>}, {@code /lib/modules/<release>}), here Debian's 6.1 package
 * unpacked from the .deb the image build downloaded, boots with virtiofs-junit's initramfs and
 * the modules it needs from that tree: the exec agent answers, the share works, and the guest is
 * restored from a snapshot of its own kernel.
 */
class OwnKernelIT {

  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

  @TempDir static Path root;

  @Test
  void aDistroKernelWithItsModuleTreeBootsWithOurInitramfs() throws IOException, InterruptedException {
    Path deb = debianKernelPackage("linux-image-6.1.0-"); // 6.1 has virtio-fs as a module (6.12 builds it in)
    Process unpack = new ProcessBuilder("dpkg-deb", "-x", deb.toString(), root.toString()).inheritIO().start();
    assertThat(unpack.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(unpack.exitValue()).as("dpkg-deb -x %s", deb).isZero();
    Path kernel;
    try (Stream<Path> boot = Files.list(root.resolve("boot"))) {
      kernel = boot.filter(file -> file.getFileName().toString().startsWith("vmlinuz-")).findFirst().orElseThrow();
    }
    String release = kernel.getFileName().toString().substring("vmlinuz-".length());

    TestKit.run(Map.of("virtiofs.kernel", kernel.toString(),
            "virtiofs.modules", root.resolve("lib/modules").resolve(release).toString()), OwnKernelTestCase.class)
        .testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat(SEEN.get("release")).isEqualTo(release);
    assertThat(SEEN.get("share")).isEqualTo("from the host");
    assertThat((String) SEEN.get("modules")).contains("virtiofs ", "virtio_net ", "overlay ");
    assertThat(((Path) SEEN.get("logDir")).resolve("snapshot.txt")).as("restored from a snapshot").exists();
  }

  /** The .deb that guest-image/fetch-kernel.sh downloaded into its cache, as the build left it. */
  private static Path debianKernelPackage(String prefix) throws IOException {
    Path cache = Optional.ofNullable(System.getenv("VIRTIOFS_KERNEL_CACHE")).map(Path::of)
        .orElseGet(() -> Optional.ofNullable(System.getenv("XDG_CACHE_HOME")).map(Path::of)
            .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache")).resolve("virtiofs-junit/kernels"));
    try (Stream<Path> files = Files.walk(cache, 2)) {
      List<Path> debs = files.filter(file -> file.getFileName().toString().startsWith(prefix)
          && file.getFileName().toString().endsWith(".deb")).sorted().toList();
      assertThat(debs).as("%s*.deb in %s (guest-image/fetch-kernel.sh puts it there)", prefix, cache).isNotEmpty();
      return debs.get(debs.size() - 1);
    }
  }

  @VirtioFsVm(memoryMiB = 256)
  @Disabled("Run by OwnKernelIT")
  static class OwnKernelTestCase {
    @Test
    void runsOnItsKernel(Guest guest) throws IOException {
      Files.writeString(guest.sharedDir().resolve("f"), "from the host");
      SEEN.put("release", guest.exec("uname -r").stdout().strip());
      SEEN.put("share", guest.exec("cat " + guest.mountPoint() + "/f").stdout());
      SEEN.put("modules", guest.exec("cat /proc/modules").stdout());
      SEEN.put("logDir", GuestInternals.of(guest).logDir());
    }
  }
}
