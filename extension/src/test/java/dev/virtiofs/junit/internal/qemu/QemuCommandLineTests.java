package dev.virtiofs.junit.internal.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.virtiofs.junit.internal.config.Accel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QemuCommandLineTests {

  private static final QemuBinary QEMU =
      new QemuBinary(Path.of("/usr/bin/qemu-system-x86_64"), "7.2.22", true, Optional.of(Path.of("/usr/share/qemu/qboot.rom")));

  @Test
  void sharesMemoryWithVirtiofsdThroughAMemfdOnANumaNode() {
    List<String> args = QemuCommandLine.of(spec(Accel.TCG, Path.of("/run/x")));

    assertThat(args).containsSequence("-object", "memory-backend-memfd,id=mem,size=512M,share=on");
    assertThat(args).containsSequence("-numa", "node,memdev=mem");
    assertThat(args).containsSequence("-m", "512M");
  }

  @Test
  void forwardsOnlySshFromLoopbackOnAPortTheKernelPicks() {
    List<String> args = QemuCommandLine.of(spec(Accel.TCG, Path.of("/run/x")));

    assertThat(args).containsSequence("-netdev", "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:0-:22");
  }

  @Test
  void addsOneVhostUserFsDevicePerShareInOrder() {
    List<String> args = QemuCommandLine.of(spec(Accel.TCG, Path.of("/run/x")));

    assertThat(args).containsSequence("-chardev", "socket,id=vfs0,path=/run/x/share0.sock",
        "-device", "vhost-user-fs-pci,queue-size=1024,chardev=vfs0,tag=share0");
    assertThat(args).containsSequence("-chardev", "socket,id=vfs1,path=/run/x/share1.sock",
        "-device", "vhost-user-fs-pci,queue-size=1024,chardev=vfs1,tag=share1");
  }

  @Test
  void usesTheHostCpuOnlyWithKvm() {
    assertThat(QemuCommandLine.of(spec(Accel.KVM, Path.of("/r")))).containsSequence("-accel", "kvm", "-cpu", "host");
    assertThat(QemuCommandLine.of(spec(Accel.TCG, Path.of("/r")))).containsSequence("-accel", "tcg").doesNotContain("-cpu");
  }

  @Test
  void doublesCommasInPathsSoQemuDoesNotSplitThem() {
    List<String> args = QemuCommandLine.of(spec(Accel.TCG, Path.of("/tmp/a,b")));

    assertThat(args).contains("socket,id=vfs0,path=/tmp/a,,b/share0.sock", "unix:/tmp/a,,b/qmp.sock,server=on,wait=off");
  }

  @Test
  void servesTheExecAgentsPortOnASocketInTheRunDirectory() {
    List<String> args = QemuCommandLine.of(spec(Accel.TCG, Path.of("/run/x")));

    assertThat(args).containsSequence("-chardev", "socket,id=exec,server=on,wait=off,path=/run/x/exec.sock");
    assertThat(args).containsSequence("-device", "virtserialport,bus=serial0.0,chardev=exec,name=dev.virtiofs.exec");
  }

  @Test
  void passesPerVmFilesThroughFwCfgNotTheCommandLine() {
    List<String> args = QemuCommandLine.of(spec(Accel.TCG, Path.of("/run/x")));

    assertThat(args).containsSequence("-fw_cfg", "name=opt/virtiofs/hostkey,file=/run/x/hostkey");
    assertThat(String.join(" ", args)).doesNotContain("ssh-ed25519");
  }

  @Test
  void comparesVersionsNumerically() {
    assertThat(QemuBinary.atLeast("4.2.0", 4, 2)).isTrue();
    assertThat(QemuBinary.atLeast("10.0.0", 4, 2)).isTrue();
    assertThat(QemuBinary.atLeast("4.1.1", 4, 2)).isFalse();
    assertThat(QemuBinary.atLeast("3.1", 4, 2)).isFalse();
  }

  @Test
  void snapshotGuestHasItsRamInAFileAndEmptyPortsForItsShares() {
    QemuSpec booted = spec(Accel.TCG, Path.of("/run"));
    QemuSpec template = withLayout(booted, new SnapshotLayout(Path.of("/dev/shm/x.mem"), 2, false));
    List<String> args = QemuCommandLine.of(template);
    assertThat(args).contains(
            "memory-backend-file,id=mem,size=512M,share=on,mem-path=/dev/shm/x.mem",
            "pcie-root-port,id=port0,chassis=1,bus=pcie.0,addr=0x10",
            "pcie-root-port,id=port1,chassis=2,bus=pcie.0,addr=0x11",
            "socket,id=vfs0,path=/run/share0.sock")
        .doesNotContain("-incoming")
        .noneMatch(arg -> arg.startsWith("vhost-user-fs-pci") || arg.startsWith("memory-backend-memfd"));
  }

  @Test
  void restoredGuestWaitsForItsSnapshot() {
    QemuSpec restored = withLayout(spec(Accel.TCG, Path.of("/run")), new SnapshotLayout(Path.of("/dev/shm/y.mem"), 2, true));
    List<String> args = QemuCommandLine.of(restored);
    assertThat(args).containsSubsequence("-incoming", "defer");
  }

  @Test
  void aSnapshotGuestTakesAtMostFourteenShares() {
    assertThatThrownBy(() -> new SnapshotLayout(Path.of("/dev/shm/z.mem"), 15, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 to 14 shares, not 15");
  }

  private static QemuSpec withLayout(QemuSpec spec, SnapshotLayout layout) {
    return new QemuSpec(spec.binary(), spec.name(), spec.accel(), spec.memoryMiB(), spec.cpus(), spec.kernel(),
        spec.initramfs(), spec.kernelArguments(), spec.firmware(), spec.vhostUserFs(), Map.of(), spec.console(),
        spec.qmpSocket(), spec.network(), spec.execSocket(), Optional.of(layout));
  }

  private static QemuSpec spec(Accel accel, Path run) {
    Map<String, Path> shares = new LinkedHashMap<>();
    shares.put("share0", run.resolve("share0.sock"));
    shares.put("share1", run.resolve("share1.sock"));
    return new QemuSpec(QEMU, "MyTests", accel, 512, 1, Path.of("/img/vmlinux"), Path.of("/img/initramfs.cpio"),
        "console=ttyS0", QEMU.qboot(), shares, Map.of("opt/virtiofs/hostkey", run.resolve("hostkey")),
        run.resolve("console.log"), run.resolve("qmp.sock"), true, Optional.of(run.resolve("exec.sock")),
        Optional.empty());
  }
}
