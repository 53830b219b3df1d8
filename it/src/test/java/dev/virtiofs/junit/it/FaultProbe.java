package dev.virtiofs.junit.it;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a guest's command sees of a share under fault, in a word: {@code ok}, an errno's name, or
 * {@code hangs} when it did not end within its timeout (the exec agent then kills it).
 */
final class FaultProbe {

  /** How long a command may take before it counts as hanging. */
  static final Duration HANG = Duration.ofSeconds(3);

  private FaultProbe() {}

  /**
   * Runs commands at once and tells what each saw.
   *
   * @param guest the guest
   * @param commands name -> command
   * @param timeout each command's timeout
   * @return name -> outcome, in order
   */
  static Map<String, Outcome> all(Guest guest, Map<String, String> commands, Duration timeout) {
    ExecutorService threads = Executors.newFixedThreadPool(commands.size());
    try {
      Map<String, CompletableFuture<Outcome>> running = new LinkedHashMap<>();
      commands.forEach((name, command) ->
          running.put(name, CompletableFuture.supplyAsync(() -> one(guest, command, timeout), threads)));
      Map<String, Outcome> seen = new LinkedHashMap<>();
      running.forEach((name, future) -> seen.put(name, future.join()));
      return seen;
    } finally {
      threads.shutdownNow();
    }
  }

  /** One command's outcome, and how long the exec call took. */
  static Outcome one(Guest guest, String command, Duration timeout) {
    long start = System.nanoTime();
    String word;
    String stdout = "";
    try {
      ExecResult result = guest.exec(command, timeout);
      stdout = result.stdout();
      word = result.succeeded() ? "ok" : errno(result.stderr() + result.stdout(), result.exitCode());
    } catch (GuestException e) {
      if (!e.getMessage().contains("did not end within")) {
        throw e;
      }
      word = "hangs";
    }
    return new Outcome(word, stdout, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * An outcome.
   *
   * @param word ok, an errno's name, or hangs
   * @param stdout what the command printed
   * @param took how long the exec call took
   */
  record Outcome(String word, String stdout, Duration took) {}

  /** The errno a failed command reported, by its strerror text (the guest's C library's). */
  static String errno(String text, int status) {
    String[][] names = {
        {"Transport endpoint is not connected", "ENOTCONN"},
        {"Software caused connection abort", "ECONNABORTED"},
        {"Input/output error", "EIO"},
        {"No space left on device", "ENOSPC"},
        {"Too many open files in system", "ENFILE"},
        {"Too many open files", "EMFILE"},
        {"No such file or directory", "ENOENT"},
        {"nonexistent directory", "ENOENT"}, // busybox sh's words for ENOENT on a redirection
        {"Stale file handle", "ESTALE"},
        {"Bad file descriptor", "EBADF"},
        {"Permission denied", "EACCES"},
        {"Operation not permitted", "EPERM"},
        {"File too large", "EFBIG"},
        {"Function not implemented", "ENOSYS"},
        {"Interrupted system call", "EINTR"},
        {"Cannot allocate memory", "ENOMEM"},
        {"Read-only file system", "EROFS"},
    };
    for (String[] name : names) {
      if (text.contains(name[0])) {
        return name[1];
      }
    }
    return "fails (status " + status + ": " + text.strip().replace('\n', ' ') + ")";
  }
}
