package dev.virtiofs.junit.internal.config;

import dev.virtiofs.junit.Share;
import dev.virtiofs.junit.VirtioFsVm;
import dev.virtiofs.junit.internal.kernel.KernelLines;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one test class asked for in its {@link VirtioFsVm} annotation, validated.
 *
 * @param testClass the class the guest is for
 * @param shares the directories shared into the guest
 * @param memoryMiB guest memory in MiB
 * @param cpus number of virtual CPUs
 * @param bootTimeout how long the guest may take to get ready
 * @param hostUserland whether commands run in the host's root filesystem, shared read-only
 * @param guestKernel the kernel line of the project's image the class asked for, if any (the
 *     configuration parameter {@code virtiofs.guestKernel} or the image's default otherwise)
 * @param guests how many guests share the class's directories
 * @param killPrivV2 whether the daemons clear setuid and setgid bits as the host does ({@code
 *     VirtioFsVm.killPrivV2})
 * @param variant what sets this guest apart from the same class's others run after it, such as
 *     {@code kernel-6.12} in a {@link dev.virtiofs.junit.GuestKernels kernel matrix}, or empty:
 *     the subdirectory of the class's log directory it logs to
 */
public record VmSpec(
    Class<?> testClass,
    List<ShareSpec> shares,
    int memoryMiB,
    int cpus,
    Duration bootTimeout,
    boolean hostUserland,
    Optional<String> guestKernel,
    int guests,
    boolean killPrivV2,
    String variant) {

  /** The most guests one class may ask for: {@value}. */
  public static final int MAX_GUESTS = 8;

  /** The tag of the host's root filesystem, shared for {@code hostUserland}: {@value}. */
  public static final String HOST_ROOT_TAG = "virtiofs-host-root";

  /** Where the guest mounts the host's root filesystem for {@code hostUserland}: {@value}. */
  public static final String HOST_ROOT_MOUNT_POINT = "/run/host-root";

  /** The least memory the default guest boots in, in MiB: {@value}. */
  public static final int MIN_MEMORY_MIB = 128;

  /** The tag of the share {@code @VirtioFsVm} itself describes: {@value}. */
  public static final String DEFAULT_TAG = "share0";

  static final int MAX_CPUS = 64;
  static final Set<String> CACHE_MODES = Set.of("auto", "always", "never", "metadata");

  /**
   * Validates an annotation.
   *
   * @param annotation the annotation found on the test class
   * @param testClass the annotated class, named in messages
   * @param workingDir what a relative {@code shareDir} resolves against
   * @return the validated spec
   * @throws IllegalArgumentException naming the attribute, the value and the fix
   */
  public static VmSpec of(VirtioFsVm annotation, Class<?> testClass, Path workingDir) {
    return of(annotation, List.of(), testClass, workingDir);
  }

  /**
   * Validates an annotation and the {@link Share} annotations beside it.
   *
   * @param annotation the annotation found on the test class
   * @param extraShares the {@code @Share} annotations on the class, in order
   * @param testClass the annotated class, named in messages
   * @param workingDir what a relative directory resolves against
   * @return the validated spec
   * @throws IllegalArgumentException naming the annotation, attribute, value and fix
   */
  public static VmSpec of(
      VirtioFsVm annotation, List<Share> extraShares, Class<?> testClass, Path workingDir) {
    String where = "@VirtioFsVm on " + testClass.getName();
    checkLimits(where, annotation);
    List<ShareSpec> shares = new ArrayList<>();
    ShareSpec first = ShareSpec.plain(DEFAULT_TAG, hostDir(where, "shareDir", annotation.shareDir(), workingDir),
        mountPoint(where, annotation.mountPoint()), cache(where, annotation.cache()));
    shares.add(first.withLimits(ShareLimits.of(where, "shareSizeLimitMiB", annotation.shareSizeLimitMiB(),
        "shareOpenFileLimit", annotation.shareOpenFileLimit(), first.temporary())));
    for (Share extra : extraShares) {
      shares.add(share(extra, testClass, workingDir, shares));
    }
    return new VmSpec(
        testClass,
        List.copyOf(shares),
        annotation.memoryMiB(),
        annotation.cpus(),
        Duration.ofSeconds(annotation.bootTimeoutSeconds()),
        annotation.hostUserland(),
        guestKernel(where, annotation.guestKernel()),
        annotation.guests(),
        annotation.killPrivV2(),
        "");
  }

  /** The numbers within their limits, and no per-test directory for several guests. */
  private static void checkLimits(String where, VirtioFsVm annotation) {
    if (annotation.memoryMiB() < MIN_MEMORY_MIB) {
      throw invalid(where, "memoryMiB", annotation.memoryMiB(), "use at least " + MIN_MEMORY_MIB);
    }
    if (annotation.cpus() < 1 || annotation.cpus() > MAX_CPUS) {
      throw invalid(where, "cpus", annotation.cpus(), "use 1 to " + MAX_CPUS);
    }
    if (annotation.bootTimeoutSeconds() < 1) {
      throw invalid(
          where, "bootTimeoutSeconds", annotation.bootTimeoutSeconds(), "use 1 or more seconds");
    }
    if (annotation.guests() < 1 || annotation.guests() > MAX_GUESTS) {
      throw invalid(where, "guests", annotation.guests(), "use 1 to " + MAX_GUESTS);
    }
    if (annotation.guests() > 1 && annotation.perTestDirectory()) {
      throw new IllegalArgumentException(String.format(
          "%s: attributes guests has value [%d] and perTestDirectory [true], which do not go together"
              + " (a test's directory is made for one guest); drop perTestDirectory and give each test"
              + " a directory of its own in the share", where, annotation.guests()));
    }
  }

  /**
   * This class's guest on one kernel line of a kernel matrix ({@link dev.virtiofs.junit.GuestKernels}).
   *
   * @param line the kernel line, well formed ({@link KernelLines#wellFormed})
   * @return the same spec, asking for that line and logging under {@code kernel-<line>}
   */
  public VmSpec onKernel(String line) {
    return new VmSpec(testClass, shares, memoryMiB, cpus, bootTimeout, hostUserland, Optional.of(line),
        guests, killPrivV2, "kernel-" + line);
  }

  /**
   * Where this guest logs, under the configured log directory: the class's name, then its {@link
   * #variant()} if any.
   *
   * @param logDir the configured log directory ({@code virtiofs.logDir})
   * @return the directory
   */
  public Path logDirectory(Path logDir) {
    Path classDir = logDir.resolve(testClass.getName());
    return variant.isEmpty() ? classDir : classDir.resolve(variant);
  }

  /** Only the form is checked here: which lines exist, the image knows when the guest starts. */
  private static Optional<String> guestKernel(String where, String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!KernelLines.wellFormed(value)) {
      throw invalid(where, "guestKernel", value, KernelLines.FORM_FIX);
    }
    return Optional.of(value);
  }

  /**
   * What virtiofsd serves and the guest mounts: the class's shares, then, for {@code
   * hostUserland}, the host's root filesystem, read-only.
   *
   * @return the shares to start daemons for
   */
  public List<ShareSpec> daemonShares() {
    if (!hostUserland) {
      return shares;
    }
    List<ShareSpec> all = new ArrayList<>(shares);
    all.add(new ShareSpec(HOST_ROOT_TAG, Path.of("/"), HOST_ROOT_MOUNT_POINT, "auto", true, false, false, "", ShareLimits.NONE));
    return List.copyOf(all);
  }

  private static ShareSpec share(
      Share share, Class<?> testClass, Path workingDir, List<ShareSpec> earlier) {
    String where = "@Share(tag = \"" + share.tag() + "\") on " + testClass.getName();
    if (!share.tag().matches("[A-Za-z0-9_-]{1,36}")) {
      throw invalid(where, "tag", share.tag(), "use 1 to 36 letters, digits, _ or -");
    }
    if (share.tag().equals(HOST_ROOT_TAG)) {
      throw invalid(where, "tag", share.tag(), "the extension keeps this tag for hostUserland; choose another");
    }
    for (ShareSpec other : earlier) {
      if (other.tag().equals(share.tag())) {
        throw invalid(where, "tag", share.tag(), "another share of the class has this tag; make tags unique");
      }
      if (other.mountPoint().equals(share.mountPoint())) {
        throw invalid(where, "mountPoint", share.mountPoint(),
            "share [" + other.tag() + "] is mounted there already; give each share its own mount point");
      }
    }
    if (!share.mountOptions().matches("[A-Za-z0-9=,_-]*")) {
      throw invalid(where, "mountOptions", share.mountOptions(),
          "use comma-separated options made of letters, digits, = _ -");
    }
    Path hostDir = hostDir(where, "hostDir", share.hostDir(), workingDir);
    return new ShareSpec(
        share.tag(),
        hostDir,
        mountPoint(where, share.mountPoint()),
        cache(where, share.cache()),
        share.readOnly(),
        share.xattr() || share.posixAcl(),
        share.posixAcl(),
        share.mountOptions(),
        ShareLimits.of(where, "sizeLimitMiB", share.sizeLimitMiB(), "openFileLimit", share.openFileLimit(),
            hostDir == null));
  }

  private static Path hostDir(String where, String attribute, String value, Path workingDir) {
    if (value.isEmpty()) {
      return null;
    }
    Path dir;
    try {
      dir = workingDir.resolve(value).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw invalid(where, attribute, value, "give a valid directory path");
    }
    if (!Files.exists(dir)) {
      throw invalid(where, attribute, value, "it resolves to " + dir + ", which does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw invalid(where, attribute, value, "it resolves to " + dir + ", which is not a directory");
    }
    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
      throw invalid(
          where, attribute, value, "it resolves to " + dir + ", which this user cannot read");
    }
    return dir;
  }

  private static String mountPoint(String where, String value) {
    if (!value.startsWith("/")) {
      throw invalid(where, "mountPoint", value, "use an absolute guest path such as /mnt/share");
    }
    if (value.equals("/") || !value.matches("/[A-Za-z0-9._@+/-]*")) {
      throw invalid(
          where,
          "mountPoint",
          value,
          "use an absolute guest path other than / made of letters, digits and . _ - + @ /");
    }
    return value;
  }

  private static String cache(String where, String value) {
    if (!CACHE_MODES.contains(value)) {
      throw invalid(where, "cache", value, "use auto, always, never or metadata");
    }
    return value;
  }

  private static IllegalArgumentException invalid(
      String where, String attribute, Object value, String fix) {
    return new IllegalArgumentException(
        String.format("%s: attribute %s has value [%s]; %s", where, attribute, value, fix));
  }
}
