package dev.virtiofs.junit.internal.group;

import dev.virtiofs.junit.internal.config.ShareSpec;
import dev.virtiofs.junit.internal.config.VmSpec;
import dev.virtiofs.junit.internal.host.HostEnvironment;
import dev.virtiofs.junit.internal.lifecycle.ClassLogDirectory;
import dev.virtiofs.junit.internal.lifecycle.GuestStarter;
import dev.virtiofs.junit.internal.lifecycle.Resources;
import dev.virtiofs.junit.internal.lifecycle.RunningGuest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The guests of a class that asked for several ({@code @VirtioFsVm(guests = N)}): started at
 * once, each on the same host directories (a temporary share is made once, for all), each with a
 * virtiofsd of its own per share (a virtiofsd serves one guest), its parts owned by the class's
 * store under the prefix {@code guest<N>-} of its name, so that they close with the class like a
 * single guest's, whatever happened.
 */
public final class GuestGroup {

  private GuestGroup() {}

  /**
   * The name of the guest at this index: {@code guest0}, {@code guest1}, ...
   *
   * @param index its index
   * @return its name, its host name and the subdirectory of its logs
   */
  public static String name(int index) {
    return "guest" + index;
  }

  /**
   * The store key under which a guest of the group owns a part of its own.
   *
   * @param index the guest's index
   * @param key the part's key, as a single guest owns it
   * @return the key
   */
  public static String key(int index, String key) {
    return name(index) + "-" + key;
  }

  /**
   * Starts the class's guests at once and waits until every one is ready.
   *
   * @param spec what the class asked for, with {@link VmSpec#guests()} guests
   * @param host what the host offers
   * @param resources the class's store
   * @return the guests, in order
   * @throws IllegalStateException naming the first guest that did not start, and why; the parts of
   *     all of them are closed with the class
   */
  public static List<RunningGuest> start(VmSpec spec, HostEnvironment host, Resources resources) {
    ClassLogDirectory.create(host.settings().logDir(), spec, ""); // emptied once, for all
    Map<ShareSpec, Path> hostDirs = GuestStarter.shareDirectories(spec, resources);
    List<CompletableFuture<RunningGuest>> starting = new ArrayList<>();
    for (int i = 0; i < spec.guests(); i++) {
      int index = i;
      Resources own = new Resources() {
        @Override
        public <T extends AutoCloseable> T own(String key, Class<T> type, Supplier<T> create) {
          return resources.own(key(index, key), type, create);
        }
      };
      starting.add(CompletableFuture.supplyAsync(
          () -> GuestStarter.start(spec, host, own, name(index), hostDirs), runnable -> {
            Thread thread = new Thread(runnable, "virtiofs-junit-start-" + name(index));
            thread.setDaemon(true);
            thread.start();
          }));
    }
    List<RunningGuest> guests = new ArrayList<>();
    RuntimeException failure = null;
    for (int i = 0; i < starting.size(); i++) {
      try {
        guests.add(starting.get(i).join());
      } catch (CompletionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof IllegalArgumentException wrong ? wrong
              : new IllegalStateException(name(i) + " of " + spec.guests() + ": " + e.getCause().getMessage(), e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return List.copyOf(guests);
  }
}
