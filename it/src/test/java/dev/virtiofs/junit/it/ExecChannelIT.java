package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestException;
import dev.virtiofs.junit.VirtioFsVm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The exec agent's channel: many commands at once, overrunning ones killed with their children. */
@VirtioFsVm(memoryMiB = 256)
class ExecChannelIT {

  @Test
  void runsManyCommandsAtOnceAndKeepsTheirOutputsApart(Guest guest) {
    List<CompletableFuture<ExecResult>> running = IntStream.range(0, 40)
        .mapToObj(i -> CompletableFuture.supplyAsync(() ->
            guest.exec("sleep 0.$((" + i + " % 5)); echo out" + i + "; echo err" + i + " >&2; exit " + (i % 7))))
        .toList();

    for (int i = 0; i < running.size(); i++) {
      ExecResult result = running.get(i).join();
      assertThat(result.stdout()).isEqualTo("out" + i + "\n");
      assertThat(result.stderr()).isEqualTo("err" + i + "\n");
      assertThat(result.exitCode()).isEqualTo(i % 7);
    }
  }

  @Test
  void aCommandThatOverrunsItsTimeoutIsKilledWithTheProcessesItStarted(Guest guest) {
    assertThatThrownBy(() -> guest.exec("sleep 47 & sleep 48; wait", Duration.ofMillis(500)))
        .isInstanceOf(GuestException.class)
        .hasMessageStartingWith("Command [sleep 47 & sleep 48; wait] did not end within 500 ms");

    guest.waitUntilSucceeds("! ps | grep -q '[s]leep 4[78]'", Duration.ofSeconds(10));
  }
}
