package dev.virtiofs.junit.internal.sharefaults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.internal.exec.ShellWords;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestShareCommandsTests {

  @Test
  void aRestartedShareGetsATagOfItsOwnWithinVirtioFsLimit() {
    assertThat(GuestShareCommands.restartedTag("share0", 1)).isEqualTo("share0~1");
    String longest = "a".repeat(GuestShareCommands.MAX_TAG);
    assertThat(GuestShareCommands.restartedTag(longest, 8)).hasSize(GuestShareCommands.MAX_TAG).endsWith("~8");
  }

  @Test
  void syncsOnlyTheSharesThatAnswer() {
    assertThat(GuestShareCommands.syncOnly(List.of("/mnt/share", "/mnt/b"))).isEqualTo("sync -f "
        + ShellWords.quote("/mnt/share") + " " + ShellWords.quote("/mnt/b"));
    assertThat(GuestShareCommands.syncOnly(List.of())).isEqualTo("true");
  }

  @Test
  void mountsTheNewTagWithTheSharesOptionsQuoted() {
    assertThat(GuestShareCommands.mount("share0~1", "/mnt/share", "rw,dax"))
        .startsWith("echo 1 >/sys/bus/pci/rescan;")
        .contains("mount -t virtiofs -o " + ShellWords.quote("rw,dax") + " " + ShellWords.quote("share0~1") + " "
            + ShellWords.quote("/mnt/share"));
  }
}
