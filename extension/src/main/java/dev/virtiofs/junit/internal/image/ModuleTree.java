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
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * A kernel's modules: an installed {@code /lib/modules/<release>} directory (a distro's, a NixOS
 * system's, or {@code make modules_install INSTALL_MOD_PATH=...}'s) or a kernel build tree after
 * {@code make modules}; the modules a guest needs, each after those it depends on (modinfo's {@code
 * depends=}), decompressed for busybox's {@code insmod}; built-in ones are skipped. The one
 * selection for both kinds of guest: at run time for a kernel of the user's own ({@code
 * virtiofs.modules}, {@link OwnKernelImage}), and at build time for the image's kernels, whose
 * {@code guest-image/fetch-kernel.sh} runs this file with java's source launcher ({@link
 * #main}); so it uses nothing but the JDK.
 */
final class ModuleTree {

  /** One module: its path in the tree, as {@code modules.order} names it, and its plain ELF. */
  record Module(String path, byte[] elf) {}

  /**
   * What named a module tree, for the messages: the setting (run time) or the image build's
   * argument.
   *
   * @param name what had the directory as its value
   * @param missingModuleFix what to do about a module the kernel lacks
   */
  record Origin(String name, String missingModuleFix) {
    static final Origin SETTING = new Origin("Configuration parameter [virtiofs.modules]",
        "a guest needs it: build it (as a module or into the kernel)");
    static final Origin IMAGE_BUILD = new Origin("Argument [MODULE_TREE]", "the image's guests need it"
        + " (guest-image/src/main/kernel/modules): take it off that list or pick a kernel that has it");
  }

  /** The file in a module tree's directory of modules that lists them for the init, in load order. */
  static final String LOAD_LIST = "modules.load";

  private final Path dir;
  private final Origin origin;
  private final String release;
  private final Map<String, String> paths = new HashMap<>();
  private final Set<String> builtin = new HashSet<>();

  private ModuleTree(Path dir, Origin origin, String release) {
    this.dir = dir;
    this.origin = origin;
    this.release = release;
  }

  /**
   * Copies the modules a guest loads out of a module tree, as the image build needs them: {@code
   * java ModuleTree.java MODULE_TREE WANTED DEST} writes each module, decompressed, under DEST by
   * its path in the tree, and {@code DEST/modules.load}; WANTED is a list as {@link #wantedNames}
   * reads it. Exits 1 naming what is wrong, 2 on a wrong number of arguments.
   *
   * @param args MODULE_TREE, WANTED and DEST
   */
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: java ModuleTree.java MODULE_TREE WANTED DEST");
      System.exit(2);
    }
    Path tree = Path.of(args[0]);
    Path wanted = Path.of(args[1]);
    Path dest = Path.of(args[2]);
    try {
      install(open(tree, Origin.IMAGE_BUILD).select(wantedNames(Files.readString(wanted))), dest);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      System.err.println("ModuleTree: " + e.getMessage());
      System.exit(1);
    } catch (IOException e) {
      System.err.println("ModuleTree: cannot read " + wanted + " or write under " + dest + ": " + e);
      System.exit(1);
    }
  }

  /**
   * Opens a module tree.
   *
   * @param dir the directory
   * @param origin what named it
   * @return the tree
   * @throws IllegalArgumentException naming the origin, the value and what it lacks
   */
  static ModuleTree open(Path dir, Origin origin) {
    if (!Files.isRegularFile(dir.resolve("modules.order"))) {
      throw new IllegalArgumentException(String.format("%s has value [%s], which has no modules.order; give"
          + " a kernel's /lib/modules/<release> directory or a kernel build tree after 'make modules'",
          origin.name(), dir));
    }
    Path releaseFile = dir.resolve("include/config/kernel.release");
    try {
      String release = Files.isRegularFile(releaseFile) ? Files.readString(releaseFile).strip()
          : dir.toRealPath().getFileName().toString();
      ModuleTree tree = new ModuleTree(dir, origin, release);
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
      throw new UncheckedIOException(origin.name() + ": cannot read " + dir + ": " + e.getMessage(), e);
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
      throw new IllegalArgumentException(origin.name() + ": the modules in " + dir + " depend on each other in a"
          + " cycle through " + name);
    }
    String path = paths.get(name);
    if (path == null) {
      throw new IllegalArgumentException(String.format("%s has value [%s], whose kernel (%s) has no module %s"
          + " and does not build it in; %s", origin.name(), dir, release, name, origin.missingModuleFix()));
    }
    byte[] elf = read(path);
    for (String dependency : dependencies(elf)) {
      add(dependency.replace('-', '_'), order, busy);
    }
    order.put(name, new Module(path, elf));
  }

  /**
   * Writes modules where the init finds them: each under {@code dest} by its path in the tree, and
   * their {@link #loadList}.
   *
   * @param modules the modules, in load order
   * @param dest a kernel's directory of modules in the guest's root, such as {@code
   *     lib/modules/<release>}
   * @throws IOException if it cannot write them
   */
  static void install(List<Module> modules, Path dest) throws IOException {
    Files.createDirectories(dest);
    for (Module module : modules) {
      Path file = dest.resolve(module.path());
      Files.createDirectories(file.getParent());
      Files.write(file, module.elf());
    }
    Files.writeString(dest.resolve(LOAD_LIST), loadList(modules));
  }

  /**
   * What the init reads from {@value #LOAD_LIST}: the modules' paths in load order, one a line.
   *
   * @param modules the modules, in load order
   * @return the list
   */
  static String loadList(List<Module> modules) {
    return modules.stream().map(module -> module.path() + "\n").collect(Collectors.joining());
  }

  /**
   * The names in a list of modules such as {@code guest-image/src/main/kernel/modules}: one a
   * line; blank lines and those starting with {@code #} are skipped.
   *
   * @param list the list's text
   * @return the names, in the list's order
   */
  static List<String> wantedNames(String list) {
    return list.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
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
          throw new UncheckedIOException(origin.name() + ": cannot read " + file + ": " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalArgumentException(String.format("%s has value [%s], whose modules.order names %s, which"
        + " is not there (nor .xz, .zst, .gz); give a complete module tree", origin.name(), dir, path));
  }

  private byte[] decompress(Path file, String tool, String options) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(tool, options, file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IllegalArgumentException(String.format("%s: %s is compressed with %s, which this host lacks;"
          + " install it (Debian: %s)", origin.name(), file, tool, tool.equals("xz") ? "xz-utils" : tool), e);
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
