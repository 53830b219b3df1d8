package dev.virtiofs.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One more directory shared into the guest of a {@link VirtioFsVm} class, beside the share that
 * {@code @VirtioFsVm} itself describes (tag {@code share0}). Repeatable; each share gets its own
 * virtiofsd.
 *
 * <pre>{@code
 * @VirtioFsVm
 * @Share(tag = "inputs", hostDir = "src/test/resources/inputs", mountPoint = "/mnt/inputs", readOnly = true)
 * @Share(tag = "xattrs", mountPoint = "/mnt/xattrs", xattr = true, posixAcl = true, cache = "never")
 * class TwoSharesTests {
 *   @Test
 *   void readsInputs(Guest guest) {
 *     assertEquals("/mnt/inputs", guest.share("inputs").mountPoint());
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(Shares.class)
public @interface Share {

  /**
   * The virtio-fs tag: 1 to 36 letters, digits, {@code _} or {@code -}, unique in the class.
   *
   * @return the tag
   */
  String tag();

  /**
   * The host directory, as for {@link VirtioFsVm#shareDir()}: empty for a fresh temporary one.
   *
   * @return the host directory, or empty
   */
  String hostDir() default "";

  /**
   * Where the guest mounts it, as for {@link VirtioFsVm#mountPoint()}; unique in the class.
   *
   * @return the guest mount point
   */
  String mountPoint();

  /**
   * Whether the guest mounts it read-only (and the Rust virtiofsd serves it read-only).
   *
   * @return {@code true} for read-only
   */
  boolean readOnly() default false;

  /**
   * The virtiofsd cache mode: {@code auto}, {@code always}, {@code never} or {@code metadata} (the
   * Rust virtiofsd's alone), as {@link VirtioFsVm#cache()}.
   *
   * @return the cache mode
   */
  String cache() default "auto";

  /**
   * Whether virtiofsd passes extended attributes through.
   *
   * @return {@code true} for xattr support
   */
  boolean xattr() default false;

  /**
   * Whether virtiofsd supports POSIX ACLs (which implies xattr support).
   *
   * @return {@code true} for POSIX ACL support
   */
  boolean posixAcl() default false;

  /**
   * The most this share holds, in MiB, or 0 (the default) for no limit of ours: the temporary share
   * is then a tmpfs of that size, so that the guest gets {@code ENOSPC} once it is full. Needs a
   * temporary share ({@link #hostDir()} empty) and root, as {@link VirtioFsVm#shareSizeLimitMiB()}.
   *
   * @return the size in MiB, or 0
   * @since 0.2.0
   */
  int sizeLimitMiB() default 0;

  /**
   * The open-file limit of this share's virtiofsd, or 0 (the default) for the daemon's own, as
   * {@link VirtioFsVm#shareOpenFileLimit()}: 0, or 16 to 1048576.
   *
   * @return the limit, or 0
   * @since 0.2.0
   */
  int openFileLimit() default 0;

  /**
   * Extra guest mount options, comma-separated (letters, digits and {@code = , _ -}), such as
   * {@code dax}.
   *
   * @return the extra mount options, or empty
   */
  String mountOptions() default "";
}
