package dev.virtiofs.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Boots one Linux guest for the annotated test class, with a host directory shared into it over
 * virtio-fs, and injects a {@link Guest} and a connected {@code net.schmizz.sshj.SSHClient}.
 *
 * <pre>{@code
 * @VirtioFsVm
 * class SharedFileTests {
 *   @Test
 *   void guestSeesHostWrites(Guest guest) throws IOException {
 *     Files.writeString(guest.sharedDir().resolve("hello.txt"), "hi");
 *     assertEquals("hi", guest.exec("cat " + guest.mountPoint() + "/hello.txt").stdout());
 *   }
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * Before the class's first {@code @BeforeAll} method the extension checks the prerequisites,
 * starts virtiofsd on the shared directory, boots QEMU and waits until the guest runs commands
 * (or takes the guest that booted for it while the previous class ran). All tests of the class,
 * and of its {@code @Nested} classes, share that guest. After the class, whatever happened, the
 * guest's writes are synced, its exec channel and SSH connection are closed, QEMU and virtiofsd
 * are stopped and the temporary directories are removed.
 *
 * <h2>Injection</h2>
 * Parameters of test and lifecycle methods, and non-final fields (static and instance) of type
 * {@link Guest} or {@code SSHClient}, are injected by type.
 *
 * <h2>Configuration</h2>
 * The attributes here describe the guest of one class. Machine-wide settings (paths to QEMU,
 * virtiofsd, kernel and initramfs, the accelerator, the log directory) are JUnit configuration
 * parameters named {@code virtiofs.*}; see the README.
 *
 * <h2>Failure modes</h2>
 * A bad attribute, a missing prerequisite or a guest that does not get ready within {@link
 * #bootTimeoutSeconds()} fails the class with one message that names the cause, the value and the
 * fix; a boot failure also shows the last lines of the guest console.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(VirtioFsVmExtension.class)
@SuppressWarnings("exports") // the extension class is JUnit's to load, not the users' to name
public @interface VirtioFsVm {

  /**
   * The host directory to share. Empty (the default) means a fresh temporary directory that is
   * removed after the class; a relative path resolves against the working directory. The
   * directory must exist.
   *
   * @return the host directory, or empty for a temporary one
   */
  String shareDir() default "";

  /**
   * Where the share is mounted in the guest: an absolute path without whitespace.
   *
   * @return the guest mount point
   */
  String mountPoint() default "/mnt/share";

  /**
   * Guest memory in MiB, at least {@value dev.virtiofs.junit.internal.config.VmSpec#MIN_MEMORY_MIB}.
   *
   * @return guest memory in MiB
   */
  int memoryMiB() default 512;

  /**
   * Number of virtual CPUs, at least 1.
   *
   * @return number of virtual CPUs
   */
  int cpus() default 1;

  /**
   * The virtiofsd cache mode: {@code auto} (the default: host-side changes made during a test are
   * seen by the guest), {@code always}, {@code never} ({@code none} for the legacy C daemon is
   * spelled {@code never} here too) or {@code metadata} (the Rust virtiofsd's alone: metadata and
   * directory entries are cached, file contents are not; the C virtiofsd fails the class, saying
   * so).
   *
   * @return the cache mode
   */
  String cache() default "auto";

  /**
   * The most the default share ({@code share0}) holds, in MiB, or 0 (the default) for no limit of
   * ours: the temporary share is then a tmpfs of that size, so that a guest that writes more gets
   * {@code ENOSPC} ("No space left on device"), as on a full disk. Needs a temporary share ({@link
   * #shareDir()} empty) and root; anything else fails the class, naming the attribute. See {@link
   * Share#sizeLimitMiB()} for other shares.
   *
   * @return the size in MiB, or 0
   * @since 0.2.0
   */
  int shareSizeLimitMiB() default 0;

  /**
   * The open-file limit ({@code RLIMIT_NOFILE}) of the default share's virtiofsd, or 0 (the
   * default) for the daemon's own (it raises its limit to the host's maximum): set it low, such as
   * 1024, to test what the guest sees when the daemon runs out of file descriptors (it holds one
   * per file the guest has looked up). 0, or 16 to 1048576; the Rust virtiofsd refuses to start
   * below what it needs for itself (610 for 1.13.2), and the class then fails with its words. See
   * {@link Share#openFileLimit()} for other shares.
   *
   * @return the limit, or 0
   * @since 0.2.0
   */
  int shareOpenFileLimit() default 0;

  /**
   * How long the guest may take from the start of QEMU until it runs commands, in seconds.
   *
   * @return the boot timeout in seconds, at least 1
   */
  int bootTimeoutSeconds() default 60;

  /**
   * Whether every share's virtiofsd clears the setuid and setgid bits as the host's file system
   * does, when a file is written, truncated or given away by chown (FUSE's {@code
   * HANDLE_KILLPRIV_V2}: {@code --killpriv-v2} for the Rust daemon, {@code -o killpriv_v2} for the
   * C one). On by default: without it, on a {@code cache = "never"} share, where writes and
   * truncates bypass the guest's page cache and only the daemon can clear the bits, a file that a
   * user who does not own it truncates (either daemon) or writes (the Rust daemon) keeps its setuid
   * bit. {@code false} starts the daemon with its own default, for tests of the daemon itself; it
   * is also the way out for a kernel of your own older than Linux 5.11 with the C daemon, which
   * refuses a mount that asks for killpriv_v2 of a kernel without it.
   *
   * @return {@code false} to leave the daemon's default
   * @since 0.1.0
   */
  boolean killPrivV2() default true;

  /**
   * Whether the class is skipped, rather than failed, on a host that lacks a prerequisite (QEMU,
   * virtiofsd, a guest image); the prerequisite report is the reason given. Like Testcontainers'
   * {@code disabledWithoutDocker}. The configuration parameter {@code
   * virtiofs.disabledWithoutPrerequisites=true} does the same for every class.
   *
   * @return {@code true} to skip instead of fail
   */
  boolean disabledWithoutPrerequisites() default false;

  /**
   * Whether each test method gets a fresh subdirectory of the share, named after the method, as
   * its {@link Guest#sharedDir()} and {@link Guest#mountPoint()}: tests of one class then cannot
   * see each other's files, without a guest per test. Static fields and {@code @BeforeAll}
   * methods get the whole share. The subdirectories stay (a temporary share goes as a whole).
   *
   * @return {@code true} for a directory per test
   */
  boolean perTestDirectory() default false;

  /**
   * Whether the guest of a class with a failed test is kept running after the class (and the
   * JVM), so that you can log in and look: the extension prints a ready-to-paste {@code ssh}
   * command and how to stop it. Kept guests are listed and stopped with {@code host/kept-guests
   * list|stop} (the class {@code dev.virtiofs.junit.internal.kept.KeptGuestsCommand} in the jar). The configuration parameter {@code virtiofs.keepOnFailure=true} does
   * the same for every class.
   *
   * @return {@code true} to keep the guest of a failed class
   */
  boolean keepOnFailure() default false;

  /**
   * Whether commands run in the host's own userland instead of the guest's small busybox one: the
   * host's root filesystem is shared read-only (one more virtiofsd, sharing {@code /}) and
   * becomes, under a writable in-memory overlay, the root of every {@link Guest#exec} and SSH
   * session, with the guest's own {@code /proc}, {@code /sys}, {@code /dev}, a fresh {@code /tmp}
   * and the shares at their mount points. {@code stat}, {@code getfattr}, {@code strace}, {@code
   * fio}, {@code python3} and your own binaries then work in the guest as on the host. Writes to
   * the host's files land in the overlay and are lost with the guest; the shares are written
   * through. The guest can read every file of the host this user can read (virtiofsd runs as
   * this user): use it for trusted code only. Costs a few hundred milliseconds of boot.
   *
   * @return {@code true} for the host's userland
   */
  boolean hostUserland() default false;

  /**
   * The kernel line of the project's guest image the guest boots: {@code 6.12} (Debian 12's
   * newer kernel, the default) or {@code 6.1} (its original one). Empty: the configuration
   * parameter {@code virtiofs.guestKernel}, else the image's default. A guest of each line is
   * restored from a snapshot of its own. Ignored when {@code virtiofs.kernel} sets a kernel of
   * your own. A line the image lacks fails the class, naming the lines there are.
   *
   * @return the kernel line, or empty for the configured one
   * @since 0.1.0
   */
  String guestKernel() default "";

  /**
   * How many guests the class gets, all sharing the same host directories (each through a
   * virtiofsd of its own: a virtiofsd serves one guest), started at once. Tests take them as a
   * {@code List<Guest>} (parameter or field) in order; a {@code Guest} is the first. Each guest's
   * console and daemon logs are in a subdirectory {@code guest<N>} of the class log directory,
   * and its host name is {@code guest<N>}. Not with {@link #perTestDirectory()}.
   *
   * @return the number of guests, 1 to 8
   * @since 0.1.0
   */
  int guests() default 1;
}
