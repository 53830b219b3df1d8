package dev.virtiofs.junit.internal.config;

import dev.virtiofs.junit.internal.kernel.KernelLines;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Machine-wide settings, read once per test run from JUnit configuration parameters
 * ({@code junit-platform.properties}, {@code -D} system properties or the launcher).
 *
 * <p>Precedence: a configuration parameter, then the default given here. An empty value counts as
 * unset. Bad values fail with a message naming the parameter, the value and what is accepted.
 *
 * @param qemu QEMU binary, or empty to search {@code PATH}
 * @param virtiofsd virtiofsd binary, or empty to search the usual places
 * @param kernel guest kernel, or empty for the image on the classpath
 * @param initramfs guest initramfs, or empty for the image on the classpath
 * @param accel the accelerator policy
 * @param logDir where each class's log directory is made
 * @param debug whether virtiofsd and the guest kernel log their virtio-fs debug messages
 * @param execTimeout default timeout of {@code Guest.exec}
 * @param disabledWithoutPrerequisites whether classes are skipped, not failed, on hosts that lack
 *     a prerequisite
 * @param keepOnFailure whether the guests of failed classes are kept running
 * @param bootAhead whether the next class's guest boots while the current class runs
 * @param snapshots whether guests of the project's image are restored from a snapshot of a booted
 *     guest, made once per machine and guest shape, instead of booted from scratch
 * @param guestKernel the kernel line of the project's image a guest gets unless its class asks for
 *     another, or empty for the image's default ({@code 6.12})
 * @param modules the module tree of {@link #kernel()}, whose modules a guest needs then go into
 *     virtiofs-junit's initramfs, if set
 */
public record Settings(
    Optional<Path> qemu,
    Optional<Path> virtiofsd,
    Optional<Path> kernel,
    Optional<Path> initramfs,
    Accel accel,
    Path logDir,
    boolean debug,
    Duration execTimeout,
    boolean disabledWithoutPrerequisites,
    boolean keepOnFailure,
    boolean bootAhead,
    boolean snapshots,
    Optional<String> guestKernel,
    Optional<Path> modules) {

  /** Path of the QEMU binary: {@value}. */
  public static final String QEMU_PROPERTY_NAME = "virtiofs.qemu";

  /** Path of the virtiofsd binary (Rust 1.x or legacy C): {@value}. */
  public static final String VIRTIOFSD_PROPERTY_NAME = "virtiofs.virtiofsd";

  /** Path of the guest kernel (bzImage or PVH-capable vmlinux): {@value}. */
  public static final String KERNEL_PROPERTY_NAME = "virtiofs.kernel";

  /** Path of the guest initramfs: {@value}. */
  public static final String INITRAMFS_PROPERTY_NAME = "virtiofs.initramfs";

  /** Accelerator: {@code auto} (default), {@code kvm} or {@code tcg}: {@value}. */
  public static final String ACCEL_PROPERTY_NAME = "virtiofs.accel";

  /** Directory under which each class gets its log directory: {@value}. */
  public static final String LOG_DIR_PROPERTY_NAME = "virtiofs.logDir";

  /** {@code true} turns on virtiofsd's and the guest kernel's virtio-fs debug logs: {@value}. */
  public static final String DEBUG_PROPERTY_NAME = "virtiofs.debug";

  /** Default timeout of {@code Guest.exec} in seconds: {@value}. */
  public static final String EXEC_TIMEOUT_PROPERTY_NAME = "virtiofs.execTimeoutSeconds";

  /**
   * {@code true} skips classes, with the prerequisite report as the reason, on hosts that lack a
   * prerequisite, instead of failing them: {@value}.
   */
  public static final String DISABLED_WITHOUT_PREREQUISITES_PROPERTY_NAME =
      "virtiofs.disabledWithoutPrerequisites";

  /** {@code true} keeps the guests of failed classes running: {@value}. */
  public static final String KEEP_ON_FAILURE_PROPERTY_NAME = "virtiofs.keepOnFailure";

  /**
   * {@code false} stops booting the next class's guest while the current class runs (on by
   * default): {@value}.
   */
  public static final String BOOT_AHEAD_PROPERTY_NAME = "virtiofs.bootAhead";

  /**
   * {@code false} boots every guest from scratch instead of restoring it from a snapshot (on by
   * default): {@value}.
   */
  public static final String SNAPSHOTS_PROPERTY_NAME = "virtiofs.snapshots";

  /**
   * The kernel line of the project's guest image, such as {@code 6.12} (the default) or {@code
   * 6.1}, for classes whose {@code @VirtioFsVm} names none: {@value}.
   */
  public static final String GUEST_KERNEL_PROPERTY_NAME = "virtiofs.guestKernel";

  /**
   * The modules of the kernel {@value #KERNEL_PROPERTY_NAME} names: its {@code
   * /lib/modules/<release>} directory or its build tree; the guest then boots that kernel with
   * virtiofs-junit's initramfs and the modules it needs from there: {@value}.
   */
  public static final String MODULES_PROPERTY_NAME = "virtiofs.modules";

  static final String DEFAULT_LOG_DIR = "target/virtiofs-junit";
  static final int DEFAULT_EXEC_TIMEOUT_SECONDS = 120;

  /**
   * Reads the settings from configuration parameters.
   *
   * @param parameters looks a parameter up by name, as {@code
   *     ExtensionContext::getConfigurationParameter} does
   * @return the settings
   * @throws IllegalArgumentException naming the parameter and value when a value is malformed
   */
  public static Settings from(Function<String, Optional<String>> parameters) {
    Function<String, Optional<String>> set =
        name -> parameters.apply(name).map(String::trim).filter(value -> !value.isEmpty());
    return new Settings(
        set.apply(QEMU_PROPERTY_NAME).map(Path::of),
        set.apply(VIRTIOFSD_PROPERTY_NAME).map(Path::of),
        set.apply(KERNEL_PROPERTY_NAME).map(Path::of),
        set.apply(INITRAMFS_PROPERTY_NAME).map(Path::of),
        set.apply(ACCEL_PROPERTY_NAME).map(Settings::accel).orElse(Accel.AUTO),
        Path.of(set.apply(LOG_DIR_PROPERTY_NAME).orElse(DEFAULT_LOG_DIR)).toAbsolutePath(),
        set.apply(DEBUG_PROPERTY_NAME).map(v -> bool(DEBUG_PROPERTY_NAME, v)).orElse(false),
        Duration.ofSeconds(
            set.apply(EXEC_TIMEOUT_PROPERTY_NAME)
                .map(Settings::positiveSeconds)
                .orElse(DEFAULT_EXEC_TIMEOUT_SECONDS)),
        set.apply(DISABLED_WITHOUT_PREREQUISITES_PROPERTY_NAME)
            .map(v -> bool(DISABLED_WITHOUT_PREREQUISITES_PROPERTY_NAME, v))
            .orElse(false),
        set.apply(KEEP_ON_FAILURE_PROPERTY_NAME)
            .map(v -> bool(KEEP_ON_FAILURE_PROPERTY_NAME, v))
            .orElse(false),
        set.apply(BOOT_AHEAD_PROPERTY_NAME)
            .map(v -> bool(BOOT_AHEAD_PROPERTY_NAME, v))
            .orElse(true),
        set.apply(SNAPSHOTS_PROPERTY_NAME)
            .map(v -> bool(SNAPSHOTS_PROPERTY_NAME, v))
            .orElse(true),
        set.apply(GUEST_KERNEL_PROPERTY_NAME).map(Settings::kernelLine),
        set.apply(MODULES_PROPERTY_NAME).map(Path::of));
  }

  /**
   * Reads the settings from system properties, for tools that run outside JUnit.
   *
   * @return the settings
   */
  public static Settings fromSystemProperties() {
    return from(name -> Optional.ofNullable(System.getProperty(name)));
  }

  private static Accel accel(String value) {
    try {
      return Accel.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format(
              "Configuration parameter [%s] has value [%s]; use auto, kvm or tcg",
              ACCEL_PROPERTY_NAME, value),
          e);
    }
  }

  /** Only the form is checked here: which lines exist, the image knows ({@code KernelLines}). */
  private static String kernelLine(String value) {
    if (KernelLines.wellFormed(value)) {
      return value;
    }
    throw new IllegalArgumentException(String.format("Configuration parameter [%s] has value [%s]; %s",
        GUEST_KERNEL_PROPERTY_NAME, value, KernelLines.FORM_FIX));
  }

  private static boolean bool(String name, String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(
        String.format(
            "Configuration parameter [%s] has value [%s]; use true or false", name, value));
  }

  private static int positiveSeconds(String value) {
    try {
      int seconds = Integer.parseInt(value);
      if (seconds > 0) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        String.format(
            "Configuration parameter [%s] has value [%s]; use a whole number of seconds above 0",
            EXEC_TIMEOUT_PROPERTY_NAME, value));
  }
}
