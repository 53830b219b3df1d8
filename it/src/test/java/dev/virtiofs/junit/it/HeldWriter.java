package dev.virtiofs.junit.it;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A guest process that opened a share's file before a fault and writes a line to it each time it
 * is asked: what an application with an open file sees of the fault.
 */
final class HeldWriter implements AutoCloseable {

  private final GuestProcess process;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final StringBuffer errors = new StringBuffer();

  private HeldWriter(GuestProcess process) {
    this.process = process;
  }

  /** Opens the file for appending and waits until the process has it open. */
  static HeldWriter open(Guest guest, String path) throws InterruptedException {
    HeldWriter writer = new HeldWriter(guest.start("exec 3>>" + path + " || exit 9; echo open;"
        + " while read -r line; do if echo \"$line\" >&3; then echo ok; else echo failed; fi; done"));
    writer.process.onStdout(writer.answers::add).onStderr(line -> writer.errors.append(line).append('\n'));
    String first = writer.answers.poll(30, TimeUnit.SECONDS);
    if (!"open".equals(first)) {
      throw new IllegalStateException("the writer did not open " + path + ": " + first + " " + writer.errors);
    }
    return writer;
  }

  /** Asks for one more line and tells what the write saw: ok, an errno's name, or hangs. */
  String write(Duration timeout) throws IOException, InterruptedException {
    if (!process.isAlive()) {
      return "gone";
    }
    process.stdin().write("line\n".getBytes(StandardCharsets.US_ASCII));
    process.stdin().flush();
    String answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (answer == null) {
      return "hangs";
    }
    String text = errors.toString();
    errors.setLength(0);
    return answer.equals("ok") ? "ok" : FaultProbe.errno(text, 1);
  }

  @Override
  public void close() {
    process.kill();
    process.close();
  }
}
