package dev.virtiofs.junit.internal.snapshot;

import dev.virtiofs.junit.internal.rundir.RunDirectory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.internal.qemu.SnapshotLayout;
import dev.virtiofs.junit.internal.config.Accel;
import dev.virtiofs.junit.internal.qemu.QemuBinary;
import dev.virtiofs.junit.internal.qemu.QemuSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestSnapshotsTests {

  private static final QemuBinary QEMU =
      new QemuBinary(Path.of("/usr/bin/qemu-system-x86_64"), "7.2.22", true, Optional.empty());

  @Test
  void guestsOfOneShapeShareASnapshotWhateverTheirRunDirectories() {
    assertThat(GuestSnapshots.key(restored(Path.of("/tmp/virtiofs-junit-1"), 512, 1, "7.2.22")))
        .isEqualTo(GuestSnapshots.key(restored(Path.of("/tmp/virtiofs-junit-2"), 512, 1, "7.2.22")))
        .hasSize(16);
  }

  @Test
  void memorySharesAndQemuVersionEachMakeAnotherShape() {
    String key = GuestSnapshots.key(restored(Path.of("/r"), 512, 1, "7.2.22"));
    assertThat(GuestSnapshots.key(restored(Path.of("/r"), 256, 1, "7.2.22"))).isNotEqualTo(key);
    assertThat(GuestSnapshots.key(restored(Path.of("/r"), 512, 2, "7.2.22"))).isNotEqualTo(key);
    assertThat(GuestSnapshots.key(restored(Path.of("/r"), 512, 1, "8.2.2"))).isNotEqualTo(key);
  }

  @Test
  void anImageRebuiltInPlaceMakesAnotherShape(@TempDir Path image) throws IOException {
    Path kernel = Files.writeString(image.resolve("vmlinux"), "kernel");
    Path initramfs = Files.writeString(image.resolve("initramfs.cpio"), "initramfs");
    String key = GuestSnapshots.key(restored(Path.of("/r"), 512, 1, "7.2.22", kernel, initramfs));

    Files.writeString(initramfs, "initramfs, rebuilt");

    assertThat(GuestSnapshots.key(restored(Path.of("/r"), 512, 1, "7.2.22", kernel, initramfs))).isNotEqualTo(key);
  }

  @Test
  void theSnapshotGuestHasNoSharesPluggedAndNoConfiguration() {
    QemuSpec template = GuestSnapshots.template(restored(Path.of("/r"), 512, 2, "7.2.22"), Path.of("/t"));
    assertThat(template.vhostUserFs()).isEmpty();
    assertThat(template.fwCfgFiles()).isEmpty();
    assertThat(template.snapshot()).contains(new SnapshotLayout(Path.of("/dev/shm/t.mem"), 2, false));
    assertThat(template.execSocket()).contains(Path.of("/t/exec.sock"));
  }

  private static QemuSpec restored(Path run, int memoryMiB, int shares, String version) {
    return restored(run, memoryMiB, shares, version, Path.of("/img/vmlinux"), Path.of("/img/initramfs.cpio"));
  }

  private static QemuSpec restored(Path run, int memoryMiB, int shares, String version, Path kernel, Path initramfs) {
    Map<String, Path> sockets = new LinkedHashMap<>();
    for (int i = 0; i < shares; i++) {
      sockets.put("share" + i, run.resolve("share" + i + ".sock"));
    }
    QemuBinary qemu = new QemuBinary(QEMU.path(), version, true, Optional.empty());
    return new QemuSpec(qemu, "MyTests", Accel.TCG, memoryMiB, 1, kernel, initramfs, "console=ttyS0", Optional.empty(), sockets, Map.of(),
        run.resolve("console.log"), run.resolve("qmp.sock"), true, Optional.of(run.resolve("exec.sock")),
        Optional.of(new SnapshotLayout(RunDirectory.memoryFile(run), shares, true)));
  }
}
