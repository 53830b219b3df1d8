package dev.virtiofs.junit.internal.guestprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLogTests {

  @TempDir
  Path dir;

  @Test
  void eachStreamGoesToItsOwnFileUpToTheLimit() throws IOException {
    ProcessLog log = new ProcessLog(dir, 3);
    log.write("out\n".getBytes(), 0);
    log.write("err\n".getBytes(), 1);
    log.write(new byte[ProcessLog.LIMIT], 0);
    log.close();
    log.write("late\n".getBytes(), 1);

    assertThat(Files.size(dir.resolve("process-3.stdout"))).isEqualTo(ProcessLog.LIMIT);
    assertThat(log.beyondLimit(0)).isEqualTo(4);
    assertThat(dir.resolve("process-3.stderr")).hasContent("err\n");
  }

  @Test
  void theStoryHasALinePerEventOfEveryProcess() throws IOException {
    new ProcessLog(dir, 1).story("started by test a: sleep 1");
    new ProcessLog(dir, 2).story("exited with status 0");

    assertThat(Files.readAllLines(dir.resolve(ProcessLog.STORY)))
        .hasSize(2)
        .satisfiesExactly(
            line -> assertThat(line).endsWith(" process 1: started by test a: sleep 1"),
            line -> assertThat(line).endsWith(" process 2: exited with status 0"));
  }
}
