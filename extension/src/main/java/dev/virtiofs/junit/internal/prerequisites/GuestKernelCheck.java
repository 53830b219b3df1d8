package dev.virtiofs.junit.internal.prerequisites;

import dev.virtiofs.junit.internal.image.GuestImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that the guest kernel has virtio-fs: from its {@code .config} when one lies beside it,
 * else by looking for the virtio-fs driver in an ELF kernel or a {@code virtiofs.ko} in the
 * initramfs.
 */
final class GuestKernelCheck {

  private static final Pattern CONFIG = Pattern.compile("(?m)^CONFIG_VIRTIO_FS=([ym])$");
  private static final String FIX =
      "use a kernel built with CONFIG_VIRTIO_FS=y (or =m with virtiofs.ko in the initramfs), such"
          + " as Debian's linux-image-cloud-amd64, or drop virtiofs.kernel to use the image on the"
          + " classpath";

  private GuestKernelCheck() {}

  static Check check(GuestImage image) {
    Path kernel = image.kernel();
    if (!Files.isRegularFile(kernel) || !Files.isReadable(kernel)) {
      return Check.missing("guest kernel", "[" + kernel + "] does not exist or is unreadable", FIX);
    }
    try {
      if (image.kernelConfig().isPresent() && Files.isRegularFile(image.kernelConfig().get())) {
        Path config = image.kernelConfig().get();
        Matcher matcher = CONFIG.matcher(Files.readString(config, StandardCharsets.ISO_8859_1));
        if (!matcher.find()) {
          return Check.missing("guest kernel", kernel + " lacks CONFIG_VIRTIO_FS (" + config + ")", FIX);
        }
        // a module is only as good as the initramfs that carries it (Debian's 6.1 has virtio-fs as one)
        if (matcher.group(1).equals("m") && !contains(image.initramfs(), "virtiofs.ko")) {
          return Check.missing("guest kernel", kernel + " has CONFIG_VIRTIO_FS=m (" + config + "), but the"
              + " initramfs " + image.initramfs() + " has no virtiofs.ko", FIX);
        }
        return Check.ok("guest kernel", kernel + " with CONFIG_VIRTIO_FS=" + matcher.group(1) + " (" + config + ")");
      }
      if (contains(image.initramfs(), "virtiofs.ko")) {
        return Check.ok("guest kernel", kernel + " (virtiofs.ko in the initramfs)");
      }
      byte[] head = Prerequisites.head(kernel, 4);
      boolean elf = head.length == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L';
      if (elf) {
        return contains(kernel, "virtio_fs")
            ? Check.ok("guest kernel", kernel + " (ELF with the virtio-fs driver built in)")
            : Check.missing("guest kernel", kernel + " has no virtio-fs driver built in, and the"
                + " initramfs has no virtiofs.ko", FIX);
      }
      return Check.missing("guest kernel", kernel + ": cannot tell whether it has virtio-fs (a"
          + " compressed kernel without a .config beside it, and no virtiofs.ko in the initramfs)",
          "put the kernel's .config beside it as " + kernel.getFileName() + ".config, or " + FIX);
    } catch (IOException e) {
      return Check.missing("guest kernel", "[" + kernel + "] cannot be read: " + e.getMessage(), FIX);
    }
  }

  private static boolean contains(Path file, String text) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = Files.readAllBytes(file);
    outer:
    for (int i = 0; i <= bytes.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
