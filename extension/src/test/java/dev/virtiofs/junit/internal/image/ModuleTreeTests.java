package dev.virtiofs.junit.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Module trees made up here: an installed /lib/modules/<release> and a build tree. */
class ModuleTreeTests {

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

    ModuleTree modules = ModuleTree.open(tree);

    assertThat(modules.release()).isEqualTo("6.9.1-test");
    assertThat(modules.select(List.of("virtiofs", "virtio-pci", "virtio")).stream().map(ModuleTree.Module::path))
        .containsExactly("kernel/fs/fuse/fuse.ko", "kernel/fs/fuse/virtiofs.ko",
            "kernel/drivers/virtio/virtio_pci_legacy_dev.ko", "kernel/drivers/virtio/virtio_pci.ko");
  }

  @Test
  void decompressesGzippedModules() throws IOException {
    Path tree = Files.createDirectories(root.resolve("6.9.1-gz"));
    Files.writeString(tree.resolve("modules.order"), "kernel/fs/overlayfs/overlay.ko\n");
    byte[] elf = "\u007fELF\0name=overlay\0depends=\0".getBytes(StandardCharsets.ISO_8859_1);
    Files.createDirectories(tree.resolve("kernel/fs/overlayfs"));
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tree.resolve("kernel/fs/overlayfs/overlay.ko.gz")))) {
      out.write(elf);
    }

    assertThat(ModuleTree.open(tree).select(List.of("overlay")).get(0).elf()).isEqualTo(elf);
  }

  @Test
  void aBuildTreeListsObjectsAndNamesItsRelease() throws IOException {
    Path tree = Files.createDirectories(root.resolve("linux"));
    Files.createDirectories(tree.resolve("include/config"));
    Files.writeString(tree.resolve("include/config/kernel.release"), "6.13.0-rc1+\n");
    Files.writeString(tree.resolve("modules.order"), "fs/fuse/virtiofs.o\n");
    module(tree, "fs/fuse/virtiofs.ko", "");

    ModuleTree modules = ModuleTree.open(tree);

    assertThat(modules.release()).isEqualTo("6.13.0-rc1+");
    assertThat(modules.select(List.of("virtiofs"))).extracting(ModuleTree.Module::path).containsExactly("fs/fuse/virtiofs.ko");
  }

  @Test
  void aModuleTheKernelLacksIsNamed() throws IOException {
    Path tree = Files.createDirectories(root.resolve("6.9.1-bare"));
    Files.writeString(tree.resolve("modules.order"), "");

    assertThatIllegalArgumentException().isThrownBy(() -> ModuleTree.open(tree).select(List.of("virtiofs")))
        .withMessage("Configuration parameter [virtiofs.modules] has value [" + tree + "], whose kernel (6.9.1-bare)"
            + " has no module virtiofs and does not build it in; a guest needs it: build it (as a module or into"
            + " the kernel)");
  }

  @Test
  void aDirectoryWithoutModulesOrderIsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> ModuleTree.open(root))
        .withMessage("Configuration parameter [virtiofs.modules] has value [" + root + "], which has no"
            + " modules.order; give a kernel's /lib/modules/<release> directory or a kernel build tree after"
            + " 'make modules'");
  }

  @Test
  void namesModulesAsTheKernelDoes() {
    assertThat(ModuleTree.name("kernel/drivers/char/hw_random/virtio-rng.ko.xz")).isEqualTo("virtio_rng");
    assertThat(ModuleTree.name("fs/fuse/virtiofs.o")).isEqualTo("virtiofs");
  }

  private static void module(Path tree, String path, String depends) throws IOException {
    Path file = tree.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, ("\u007fELF\0license=GPL\0depends=" + depends + "\0name=x\0").getBytes(StandardCharsets.ISO_8859_1));
  }
}
