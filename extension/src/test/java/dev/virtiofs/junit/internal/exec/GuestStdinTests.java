package dev.virtiofs.junit.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GuestStdinTests {

  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final GuestStdin stdin = new GuestStdin((type, payload) -> sent.add(type + ":" + payload.length), 128 * 1024);

  @Test
  void writesGoOutInChunksOfAtMost64KiBThenTheEndOfFile() throws IOException {
    stdin.write(new byte[100 * 1024]);
    stdin.close();
    stdin.close();
    assertThat(sent).containsExactly("STDIN:65536", "STDIN:36864", "STDIN_END:0");
  }

  @Test
  void aWriterWaitsForCreditOnceAWindowIsInFlight() throws Exception {
    stdin.write(new byte[128 * 1024]);
    CompletableFuture<Void> more = CompletableFuture.runAsync(() -> {
      try {
        stdin.write(new byte[1]);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertThat(sent).hasSize(2); // the third write waits for credit
    stdin.credit(1);
    more.get();
    assertThat(sent).containsExactly("STDIN:65536", "STDIN:65536", "STDIN:1");
  }

  @Test
  void writingAfterTheCommandExitedFails() {
    stdin.end("it has exited");
    assertThatThrownBy(() -> stdin.write(1))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot write to the guest process's stdin: it has exited");
  }
}
