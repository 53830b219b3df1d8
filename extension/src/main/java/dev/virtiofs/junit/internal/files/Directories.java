package dev.virtiofs.junit.internal.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** Making private directories and removing directory trees. */
public final class Directories {

  private Directories() {}

  /**
   * Makes a fresh directory readable by this user only (mode 0700).
   *
   * @param parent where to make it
   * @param prefix the start of its name
   * @return the new directory
   * @throws IOException when it cannot be made
   */
  public static Path createPrivate(Path parent, String prefix) throws IOException {
    return Files.createTempDirectory(
        parent, prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  /**
   * Removes a directory tree, not following symbolic links. A missing directory is fine.
   *
   * @param dir the tree to remove
   * @throws IOException when part of it cannot be removed
   */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
              throws IOException {
            // a directory the guest made unreadable must still go
            d.toFile().setReadable(true, true);
            d.toFile().setWritable(true, true);
            d.toFile().setExecutable(true, true);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
