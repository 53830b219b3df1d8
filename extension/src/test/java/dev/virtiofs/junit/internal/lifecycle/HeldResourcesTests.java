package dev.virtiofs.junit.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class HeldResourcesTests {

  private final List<String> events = new ArrayList<>();

  @Test
  void closesWhatItHoldsLastMadeFirst() {
    HeldResources held = new HeldResources();
    held.own("virtiofsd", Part.class, () -> new Part("virtiofsd"));
    held.own("qemu", Part.class, () -> new Part("qemu"));

    held.close();

    assertThat(events).containsExactly("close qemu", "close virtiofsd");
    assertThatThrownBy(() -> held.own("late", Part.class, () -> new Part("late")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(events).doesNotContain("close late");
  }

  @Test
  void handsOverInTheOrderMadeAndThenOwnsNothing() {
    HeldResources held = new HeldResources();
    held.own("virtiofsd", Part.class, () -> new Part("virtiofsd"));
    held.own("qemu", Part.class, () -> new Part("qemu"));
    List<String> handed = new ArrayList<>();

    held.handOver(new Resources() {
      @Override
      public <T extends AutoCloseable> T own(String key, Class<T> type, Supplier<T> create) {
        handed.add(key);
        return create.get();
      }
    });
    held.close();

    assertThat(handed).containsExactly("virtiofsd", "qemu");
    assertThat(events).isEmpty();
  }

  private final class Part implements AutoCloseable {
    private final String name;

    Part(String name) {
      this.name = name;
    }

    @Override
    public void close() {
      events.add("close " + name);
    }
  }
}
