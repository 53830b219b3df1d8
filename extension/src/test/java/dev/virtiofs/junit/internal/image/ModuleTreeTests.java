package dev.virtiofs.junit.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.virtiofs.junit.internal.image.ModuleTree.Origin;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Module trees made up here: an installed /lib/modules/<release> and a build tree, read as
 * virtiofs.modules names them and as the image build runs this class (from its source file).
 */
class ModuleTreeTests {

  /** Where guest-image/fetch-kernel.sh finds it, relative to the extension module. */
  private static final Path SOURCE = Path.of("src/main/java/dev/virtiofs/junit/internal/image/ModuleTree.java");

  @TempDir Path root;

  @Test
  void ordersEachModuleAfterWhatItDependsOnAndSkipsBuiltIns() throws IOException {
    Path tree = Files.createDirectories(root.resolve("6.9.1-test"));
    Files.writeString(tree.resolve("modules.order"), String.join("\n",
        "kernel/fs/fuse/fuse.ko", "kernel/fs/fuse/virtiofs.ko", "kernel/drivers/virtio/virtio_pci.ko",
        "kernel/drivers/virtio/virtio_pci_legacy_dev.ko", "") );
    Files.writeString(tree.resolve("modules.builtin"), "kernel/drivers/virtio/virtio.ko\n");
    module(tree, "kernel/fs/fuse/fuse.ko", "");
    module(tree, "kernel/fs/fuse/virtiofs.ko", "fuse,virtio");
    module(tree, "kernel/drivers/virtio/virtio_pci.ko", "virtio_pci_legacy_dev");
    module(tree, "kernel/drivers/virtio/virtio_pci_legacy_dev.ko", "");

    ModuleTree modules = ModuleTree.open(tree, Origin.SETTING);

    assertThat(modules.release()).isEqualTo("6.9.1-test");
    assertThat(modules.select(List.of("virtiofs", "virtio-pci", "virtio")).stream().map(ModuleTree.Module::path))
        .containsExactly("kernel/fs/fuse/fuse.ko", "kernel/fs/fuse/virtiofs.ko",
            "kernel/drivers/virtio/virtio_pci_legacy_dev.ko", "kernel/drivers/virtio/virtio_pci.ko");
  }

  @Test
  void theImageBuildGetsEachModuleOnceAfterItsDependenciesWithTheLoadList() throws Exception {
    Path tree = virtioTree();
    Path wanted = Files.writeString(root.resolve("wanted"), "# a comment\nvirtio_net\n\nvirtio_rng\nfuse\nvirtio-pci\n");
    Path dest = root.resolve("out/lib/modules/6.9.1-virtio");

    assertThat(runSource(tree, wanted, dest)).isEqualTo(new Run(0, ""));

    assertThat(Files.readString(dest.resolve("modules.load"))).isEqualTo(String.join("\n",
        "kernel/virtio/virtio_ring.ko", "kernel/virtio/virtio.ko", "kernel/net/failover.ko",
        "kernel/net/net_failover.ko", "kernel/net/virtio_net.ko", "kernel/hw/virtio-rng.ko",
        "kernel/virtio/virtio_pci.ko", ""));
    assertThat(dest.resolve("kernel/hw/virtio-rng.ko")).hasBinaryContent(elf("virtio")); // from its .xz
    assertThat(dest.resolve("kernel/net/virtio_net.ko")).hasBinaryContent(elf("virtio,net_failover"));
  }

  @Test
  void theImageBuildFailsNamingAModuleTheKernelLacks() throws Exception {
    Path tree = virtioTree();
    Path wanted = Files.writeString(root.resolve("wanted"), "virtio_blk\n");

    assertThat(runSource(tree, wanted, root.resolve("out"))).isEqualTo(new Run(1, "ModuleTree: Argument"
        + " [MODULE_TREE] has value [" + tree + "], whose kernel (6.9.1-virtio) has no module virtio_blk and does"
        + " not build it in; the image's guests need it (guest-image/src/main/kernel/modules): take it off that"
        + " list or pick a kernel that has it\n"));
  }

  @Test
  void decompressesModules() throws Exception {
    Path tree = Files.createDirectories(root.resolve("6.9.1-compressed"));
    Files.writeString(tree.resolve("modules.order"), "kernel/a.ko\nkernel/b.ko\nkernel/c.ko\n");
    module(tree, "kernel/a.ko", "b");
    module(tree, "kernel/b.ko", "c");
    run(tree, "xz", "kernel/a.ko");
    run(tree, "zstd", "-q", "--rm", "kernel/b.ko");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tree.resolve("kernel/c.ko.gz")))) {
      out.write(elf(""));
    }

    assertThat(ModuleTree.open(tree, Origin.SETTING).select(List.of("a"))).extracting(ModuleTree.Module::elf)
        .containsExactly(elf(""), elf("c"), elf("b"));
  }

  @Test
  void aBuildTreeListsObjectsAndNamesItsRelease() throws IOException {
    Path tree = Files.createDirectories(root.resolve("linux"));
    Files.createDirectories(tree.resolve("include/config"));
    Files.writeString(tree.resolve("include/config/kernel.release"), "6.13.0-rc1+\n");
    Files.writeString(tree.resolve("modules.order"), "fs/fuse/virtiofs.o\n");
    module(tree, "fs/fuse/virtiofs.ko", "");

    ModuleTree modules = ModuleTree.open(tree, Origin.SETTING);

    assertThat(modules.release()).isEqualTo("6.13.0-rc1+");
    assertThat(modules.select(List.of("virtiofs"))).extracting(ModuleTree.Module::path).containsExactly("fs/fuse/virtiofs.ko");
  }

  @Test
  void aModuleTheKernelLacksIsNamed() throws IOException {
    Path tree = Files.createDirectories(root.resolve("6.9.1-bare"));
    Files.writeString(tree.resolve("modules.order"), "");

    assertThatIllegalArgumentException().isThrownBy(() -> ModuleTree.open(tree, Origin.SETTING).select(List.of("virtiofs")))
        .withMessage("Configuration parameter [virtiofs.modules] has value [" + tree + "], whose kernel (6.9.1-bare)"
            + " has no module virtiofs and does not build it in; a guest needs it: build it (as a module or into"
            + " the kernel)");
  }

  @Test
  void modulesDependingOnEachOtherAreRefused() throws IOException {
    Path tree = Files.createDirectories(root.resolve("6.9.1-cycle"));
    Files.writeString(tree.resolve("modules.order"), "kernel/a.ko\nkernel/b.ko\n");
    module(tree, "kernel/a.ko", "b");
    module(tree, "kernel/b.ko", "a");

    assertThatIllegalArgumentException().isThrownBy(() -> ModuleTree.open(tree, Origin.SETTING).select(List.of("a")))
        .withMessage("Configuration parameter [virtiofs.modules]: the modules in " + tree + " depend on each other"
            + " in a cycle through a");
  }

  @Test
  void aDirectoryWithoutModulesOrderIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> ModuleTree.open(root, Origin.SETTING))
        .withMessage("Configuration parameter [virtiofs.modules] has value [" + root + "], which has no"
            + " modules.order; give a kernel's /lib/modules/<release> directory or a kernel build tree after"
            + " 'make modules'");
  }

  @Test
  void namesModulesAsTheKernelDoes() {
    assertThat(ModuleTree.name("kernel/drivers/char/hw_random/virtio-rng.ko.xz")).isEqualTo("virtio_rng");
    assertThat(ModuleTree.name("fs/fuse/virtiofs.o")).isEqualTo("virtiofs");
  }

  @Test
  void theWantedListSkipsCommentsAndBlankLines() {
    assertThat(ModuleTree.wantedNames("# the transport\nvirtio_pci\n\n  virtio-rng \n#overlay\n"))
        .containsExactly("virtio_pci", "virtio-rng");
  }

  /** A tree as Debian's look: a chain through virtio, a module compressed with xz, a built-in one. */
  private Path virtioTree() throws IOException, InterruptedException {
    Path tree = Files.createDirectories(root.resolve("6.9.1-virtio"));
    List<String> order = new ArrayList<>();
    for (String[] module : new String[][] {{"kernel/virtio/virtio_ring.ko", ""}, {"kernel/virtio/virtio.ko", "virtio_ring"},
        {"kernel/virtio/virtio_pci.ko", "virtio_ring,virtio"}, {"kernel/net/failover.ko", ""},
        {"kernel/net/virtio_net.ko", "virtio,net_failover"}, {"kernel/net/net_failover.ko", "failover"},
        {"kernel/hw/virtio-rng.ko", "virtio"}}) {
      module(tree, module[0], module[1]);
      order.add(module[0]);
    }
    run(tree, "xz", "kernel/hw/virtio-rng.ko");
    Files.write(tree.resolve("modules.order"), order);
    Files.writeString(tree.resolve("modules.builtin"), "kernel/fs/fuse/fuse.ko\n");
    return tree;
  }

  private record Run(int exitValue, String stderr) {}

  /** Runs ModuleTree as guest-image/fetch-kernel.sh does: its source file, with java's source launcher. */
  private Run runSource(Path tree, Path wanted, Path dest) throws IOException, InterruptedException {
    Path stderr = root.resolve("stderr");
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        SOURCE.toString(), tree.toString(), wanted.toString(), dest.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).as("java %s finished", SOURCE).isTrue();
    return new Run(java.exitValue(), Files.readString(stderr));
  }

  /** Compresses with the host's tool, as Debian ships modules. */
  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0).as(String.join(" ", command)).isTrue();
  }

  private static void module(Path tree, String path, String depends) throws IOException {
    Path file = tree.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, elf(depends));
  }

  private static byte[] elf(String depends) {
    return ("\u007fELF\0license=GPL\0depends=" + depends + "\0name=x\0").getBytes(StandardCharsets.ISO_8859_1);
  }
}
