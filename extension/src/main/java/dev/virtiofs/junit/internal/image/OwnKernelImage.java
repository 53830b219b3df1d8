package dev.virtiofs.junit.internal.image;

import dev.virtiofs.junit.internal.cache.CachePruning;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A kernel of the user's own ({@code virtiofs.kernel}) with its modules ({@code virtiofs.modules})
 * and virtiofs-junit's initramfs: the image's common userland (from its default line's initramfs)
 * with the modules a guest needs appended under {@code lib/modules/<release>}, where the init
 * loads them from ({@code modules.load}, in order). So such a guest has the exec agent and is
 * restored from snapshots like the image's own. Built once per kernel, module tree and image, in
 * {@code images/own-kernel-<key>/} of the cache.
 */
final class OwnKernelImage {

  /** The resource listing the modules a guest needs, one name a line ({@code guest-image/src/main/kernel/modules}). */
  static final String WANTED = GuestImage.RESOURCE_DIR + "guest-modules";

  private OwnKernelImage() {}

  /**
   * The image for a kernel and its modules.
   *
   * @param kernel the kernel (a bzImage such as {@code /boot/vmlinuz-*}, or a PVH vmlinux)
   * @param modules its module tree ({@link ModuleTree})
   * @param base our image's default line, whose initramfs carries the userland
   * @return the image
   * @throws IllegalArgumentException naming the setting and what is wrong with it
   */
  static GuestImage of(Path kernel, Path modules, GuestImage base) {
    if (!Files.isRegularFile(kernel)) {
      throw new IllegalArgumentException(String.format("Configuration parameter [virtiofs.kernel] has value"
          + " [%s], which is not a file; give the kernel your modules are for, such as /boot/vmlinuz-<release>", kernel));
    }
    ModuleTree tree = ModuleTree.open(modules, ModuleTree.Origin.SETTING);
    Path dir = GuestImage.cacheRoot().resolve("own-kernel-" + key(kernel, modules, base.initramfs()));
    Path initramfs = dir.resolve("initramfs.cpio");
    if (!Files.isRegularFile(initramfs)) {
      build(tree, base.initramfs(), initramfs);
      describe(dir, kernel, modules, tree);
    }
    CachePruning.markUsed(dir);
    Optional<Path> config = GuestImage.siblingConfig(kernel)
        .or(() -> Optional.of(modules.resolve(".config")).filter(Files::isRegularFile)); // a build tree's
    return new GuestImage(kernel, initramfs, config, true, Optional.empty(), String.format(
        "kernel %s with the modules of %s (release %s) in virtiofs-junit's initramfs, %s", kernel, modules,
        tree.release(), initramfs));
  }

  private static void build(ModuleTree tree, Path baseInitramfs, Path initramfs) {
    String prefix = "lib/modules/" + tree.release() + "/";
    Cpio cpio = new Cpio();
    List<ModuleTree.Module> modules = tree.select(wanted());
    for (ModuleTree.Module module : modules) {
      cpio.file(prefix + module.path(), module.elf());
    }
    cpio.file(prefix + ModuleTree.LOAD_LIST, ModuleTree.loadList(modules).getBytes(StandardCharsets.UTF_8));
    try {
      Files.createDirectories(initramfs.getParent());
      Path partial = Files.createTempFile(initramfs.getParent(), "initramfs", ".partial");
      try {
        Files.copy(baseInitramfs, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.write(partial, cpio.toBytes(), java.nio.file.StandardOpenOption.APPEND);
        Files.move(partial, initramfs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + initramfs + ": " + e.getMessage(), e);
    }
  }

  /** What the directory is (and what lets CachePruning remove it once unused): image.properties. */
  private static void describe(Path dir, Path kernel, Path modules, ModuleTree tree) {
    try {
      Files.writeString(dir.resolve("image.properties"), String.format("kernel=%s%nmodules=%s%nrelease=%s%n",
          kernel, modules, tree.release()));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + dir.resolve("image.properties") + ": " + e.getMessage(), e);
    }
  }

  private static List<String> wanted() {
    URL list = OwnKernelImage.class.getClassLoader().getResource(WANTED);
    if (list == null) {
      throw new IllegalArgumentException("The guest image artifact lacks its list of guest modules ("
          + WANTED + "), which virtiofs.modules needs: rebuild it (guest-image/build-image.sh)");
    }
    try (InputStream in = list.openStream()) {
      return ModuleTree.wantedNames(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + list + ": " + e.getMessage(), e);
    }
  }

  /** Changes with the kernel, the module tree (its modules.order) and our initramfs. */
  private static String key(Path kernel, Path modules, Path baseInitramfs) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path file : List.of(kernel, modules.resolve("modules.order"), baseInitramfs)) {
        sha.update((file.toAbsolutePath() + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis()
            + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + kernel + " or " + modules + ": " + e.getMessage(), e);
    }
  }
}
