package dev.virtiofs.junit.internal.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A kernel's modules, as {@code virtiofs.modules} names them: an installed {@code
 * /lib/modules/<release>} directory (a distro's, a NixOS system's, or {@code make modules_install
 * INSTALL_MOD_PATH=...}'s) or a kernel build tree after {@code make modules}. What {@code
 * guest-image/src/main/kernel/guest-modules.sh} does for the image's kernels at build time, done for
 * a kernel of the user's own at run time: the modules a guest needs, each after those it depends
 * on (modinfo's {@code depends=}), decompressed for busybox's {@code insmod}; built-in ones are
 * skipped.
 */
final class ModuleTree {

  /** One module: its path in the tree, as {@code modules.order} names it, and its plain ELF. */
  record Module(String path, byte[] elf) {}

  private static final String SETTING = "Configuration parameter [virtiofs.modules]";

  private final Path dir;
  private final String release;
  private final Map<String, String> paths = new HashMap<>();
  private final Set<String> builtin = new HashSet<>();

  private ModuleTree(Path dir, String release) {
    this.dir = dir;
    this.release = release;
  }

  /**
   * Opens a module tree.
   *
   * @param dir the directory
   * @return the tree
   * @throws IllegalArgumentException naming the setting, the value and what it lacks
   */
  static ModuleTree open(Path dir) {
    if (!Files.isRegularFile(dir.resolve("modules.order"))) {
      throw new IllegalArgumentException(String.format("%s has value [%s], which has no modules.order; give"
          + " a kernel's /lib/modules/<release> directory or a kernel build tree after 'make modules'", SETTING, dir));
    }
    Path releaseFile = dir.resolve("include/config/kernel.release");
    try {
      String release = Files.isRegularFile(releaseFile) ? Files.readString(releaseFile).strip()
          : dir.toRealPath().getFileName().toString();
      ModuleTree tree = new ModuleTree(dir, release);
      for (String path : Files.readAllLines(dir.resolve("modules.order"))) {
        if (!path.isBlank()) {
          String module = path.strip().replaceFirst("\\.o$", ".ko"); // a build tree lists objects since 6.2
          tree.paths.put(name(module), module);
        }
      }
      Path builtin = dir.resolve("modules.builtin");
      if (Files.isRegularFile(builtin)) {
        Files.readAllLines(builtin).stream().filter(line -> !line.isBlank()).map(ModuleTree::name)
            .forEach(tree.builtin::add);
      }
      return tree;
    } catch (IOException e) {
      throw new UncheckedIOException(SETTING + ": cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The kernel release these modules are for: the directory's name, or a build tree's kernel.release. */
  String release() {
    return release;
  }

  /**
   * The modules a guest loads, in load order.
   *
   * @param wanted module names ({@code -} and {@code _} alike)
   * @return the modules, dependencies first
   * @throws IllegalArgumentException naming a module the kernel neither builds in nor has
   */
  List<Module> select(List<String> wanted) {
    Map<String, Module> order = new LinkedHashMap<>();
    for (String name : wanted) {
      add(name.replace('-', '_'), order, new HashSet<>());
    }
    return List.copyOf(order.values());
  }

  private void add(String name, Map<String, Module> order, Set<String> busy) {
    if (builtin.contains(name) || order.containsKey(name)) {
      return;
    }
    if (!busy.add(name)) {
      throw new IllegalArgumentException(SETTING + ": the modules in " + dir + " depend on each other in a"
          + " cycle through " + name);
    }
    String path = paths.get(name);
    if (path == null) {
      throw new IllegalArgumentException(String.format("%s has value [%s], whose kernel (%s) has no module %s"
          + " and does not build it in; a guest needs it: build it (as a module or into the kernel)", SETTING, dir,
          release, name));
    }
    byte[] elf = read(path);
    for (String dependency : dependencies(elf)) {
      add(dependency.replace('-', '_'), order, busy);
    }
    order.put(name, new Module(path, elf));
  }

  /** The module, decompressed: as it is, or .xz, .zst, .gz beside the path modules.order gives. */
  private byte[] read(String path) {
    for (String suffix : new String[] {"", ".xz", ".zst", ".gz"}) {
      Path file = dir.resolve(path + suffix);
      if (Files.isRegularFile(file)) {
        try {
          return switch (suffix) {
            case ".xz" -> decompress(file, "xz", "-dc");
            case ".zst" -> decompress(file, "zstd", "-dcq");
            case ".gz" -> {
              try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                yield in.readAllBytes();
              }
            }
            default -> Files.readAllBytes(file);
          };
        } catch (IOException e) {
          throw new UncheckedIOException(SETTING + ": cannot read " + file + ": " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalArgumentException(String.format("%s has value [%s], whose modules.order names %s, which"
        + " is not there (nor .xz, .zst, .gz); give a complete module tree", SETTING, dir, path));
  }

  private static byte[] decompress(Path file, String tool, String options) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(tool, options, file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IllegalArgumentException(String.format("%s: %s is compressed with %s, which this host lacks;"
          + " install it (Debian: %s)", SETTING, file, tool, tool.equals("xz") ? "xz-utils" : tool), e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    process.getInputStream().transferTo(out);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(tool + " " + options + " failed on it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      process.destroyForcibly();
    }
    return out.toByteArray();
  }

  /** modinfo's depends= of a module: the modules whose symbols it uses. */
  static List<String> dependencies(byte[] elf) {
    List<String> dependencies = new ArrayList<>();
    for (String field : new String(elf, StandardCharsets.ISO_8859_1).split("\0")) {
      if (field.startsWith("depends=")) {
        for (String dependency : field.substring("depends=".length()).split(",")) {
          if (!dependency.isBlank()) {
            dependencies.add(dependency.strip());
          }
        }
      }
    }
    return dependencies;
  }

  /** A module's name from its path: {@code kernel/fs/fuse/virtiofs.ko.xz} is {@code virtiofs}. */
  static String name(String path) {
    String file = path.strip().substring(path.strip().lastIndexOf('/') + 1);
    return file.replaceFirst("\\.(ko|o)(\\..*)?$", "").replace('-', '_');
  }
}
