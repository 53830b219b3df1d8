package dev.virtiofs.junit.internal.exec;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host end of the guest's exec agent ({@code guest-image/src/main/guest/agent.c}): one
 * virtio-serial port, reached through the Unix socket QEMU serves in the private run directory,
 * carrying any number of commands at once as framed requests and replies. A command costs a frame
 * each way and a fork in the guest, not an SSH session.
 *
 * <p>Frames: id (u32), type (u8: a {@link FrameType}), length (u32), payload; the agent's source
 * says what each type's payload holds.
 */
public final class ExecChannel implements CommandRunner, AutoCloseable {

  private final SocketChannel socket;
  private final Map<Integer, FrameSink> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger(1);
  private final Thread reader;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "virtiofs-junit-exec-writer");
    thread.setDaemon(true);
    return thread;
  });
  private final CompletableFuture<String> hello = new CompletableFuture<>();
  private volatile IOException broken;

  private ExecChannel(SocketChannel socket) {
    this.socket = socket;
    this.reader = new Thread(this::readLoop, "virtiofs-junit-exec-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Connects to the socket QEMU serves for the agent's port. The agent need not run yet: {@link
   * #answers} tells when it does.
   *
   * @param socketPath QEMU's socket for the port
   * @return the channel
   * @throws IOException when QEMU does not accept the connection
   */
  public static ExecChannel connect(Path socketPath) throws IOException {
    SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      socket.connect(UnixDomainSocketAddress.of(socketPath));
      return new ExecChannel(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Pings the agent and waits a little for its answer. A ping sent before the agent opens its port
   * is lost in the guest, so callers ping again until one is answered.
   *
   * @param wait how long to wait for the answer to this ping
   * @return whether the agent has answered (this ping or an earlier one)
   * @throws IOException when the channel fails
   */
  public boolean answers(Duration wait) throws IOException {
    if (hello.isDone() && !hello.isCompletedExceptionally()) {
      return true;
    }
    send(0, FrameType.PING, new byte[0]);
    try {
      hello.get(wait.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IOException("the exec channel closed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the guest's exec agent", e);
    }
  }

  @Override
  public RawResult run(String command, byte[] stdin, Duration timeout) throws IOException, TimeoutException {
    return start(FrameType.EXEC, new byte[0], command, stdin, timeout);
  }

  /** The agent switches user itself: no passwd entry, no {@code su}, any userland. */
  @Override
  public RawResult runAs(int uid, int gid, String command, Duration timeout) throws IOException, TimeoutException {
    return start(FrameType.EXEC_AS, ByteBuffer.allocate(8).putInt(uid).putInt(gid).array(), command, null, timeout);
  }

  /**
   * Tells a guest just restored from a snapshot the host's time and hands it fresh entropy: the
   * agent sets the wall clock and reseeds the kernel's random generator, so that guests restored
   * from one snapshot neither live in its past nor share its random state.
   *
   * @param now the host's time
   * @param entropy random bytes from the host
   * @param timeout how long the agent may take
   * @throws IOException when the channel fails or the agent cannot do it
   * @throws TimeoutException when it does not answer in time
   */
  public void resume(Instant now, byte[] entropy, Duration timeout) throws IOException, TimeoutException {
    ByteBuffer payload = ByteBuffer.allocate(12 + entropy.length);
    payload.putLong(now.getEpochSecond()).putInt(now.getNano()).put(entropy);
    RawResult result = request(FrameType.RESUME, payload.array(), "resume", timeout);
    if (result.exitCode() != 0) {
      throw new IOException("the guest's agent could not set its clock and reseed its random generator");
    }
  }

  private RawResult start(FrameType type, byte[] prefix, String command, byte[] stdin, Duration timeout)
      throws IOException, TimeoutException {
    return request(type, Frames.command(prefix, command, stdin), command, timeout);
  }

  /**
   * Starts a command whose stdin stays open and whose output streams, with flow control: the
   * agent sends at most {@code window} bytes per stream ahead of what the host has read.
   *
   * @param command the shell command line
   * @param window bytes per stream sent and not yet read, at most ({@link ExecStream#DEFAULT_WINDOW})
   * @param tap sees every chunk of output as it arrives (0 stdout, 1 stderr), on the reader thread:
   *     it must not block
   * @return its host end
   * @throws IOException when the channel is closed
   */
  public ExecStream stream(String command, int window, java.util.function.ObjIntConsumer<byte[]> tap)
      throws IOException {
    int id = ids.getAndIncrement();
    ExecStream stream = new ExecStream(this, id, window, tap);
    pending.put(id, stream);
    try {
      send(id, FrameType.STREAM, Frames.streamingStart(window, command));
    } catch (IOException e) {
      pending.remove(id);
      throw e;
    }
    return stream;
  }

  void forget(int id) {
    pending.remove(id);
  }

  /** Sends one request and waits for its last frame; a timeout kills what it started. */
  private RawResult request(FrameType type, byte[] payload, String command, Duration timeout)
      throws IOException, TimeoutException {
    int id = ids.getAndIncrement();
    CollectedOutput job = new CollectedOutput();
    pending.put(id, job);
    try {
      send(id, type, payload);
      return job.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      sendQuietly(id, FrameType.KILL);
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      sendQuietly(id, FrameType.KILL);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running [" + command + "]", e);
    } finally {
      pending.remove(id);
    }
  }

  @Override
  public String name() {
    return "the exec channel";
  }

  void sendQuietly(int id, FrameType type) {
    sendQuietly(id, type, new byte[0]);
  }

  void sendQuietly(int id, FrameType type, byte[] payload) {
    try {
      send(id, type, payload);
    } catch (IOException e) {
      // the channel is gone: so is the command
    }
  }

  void send(int id, FrameType type, byte[] payload) throws IOException {
    IOException failure = broken;
    if (failure != null) {
      throw new IOException("the exec channel is closed: " + failure.getMessage(), failure);
    }
    ByteBuffer frame = Frames.frame(id, type, payload);
    // Written by one thread, in order: a guest that stops reading blocks that thread, not the
    // caller, whose wait for the result stays bounded by its timeout.
    try {
      writer.execute(() -> {
        try {
          while (frame.hasRemaining()) {
            socket.write(frame);
          }
        } catch (IOException e) {
          fail(e);
        }
      });
    } catch (RejectedExecutionException e) {
      throw new IOException("the exec channel is closed", e);
    }
  }

  private void readLoop() {
    ByteBuffer header = ByteBuffer.allocate(Frames.HEADER);
    try {
      while (true) {
        header.clear();
        readFully(header);
        header.flip();
        int id = header.getInt();
        byte type = header.get();
        int length = header.getInt();
        if (length < 0) {
          throw new IOException("malformed frame from the agent: length " + Integer.toUnsignedString(length));
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(payload);
        dispatch(id, type, payload.array());
      }
    } catch (IOException e) {
      fail(e);
    }
  }

  private void dispatch(int id, byte code, byte[] payload) {
    Optional<FrameType> type = FrameType.of(code);
    if (type.isPresent() && type.get() == FrameType.VERSION) {
      hello.complete(new String(payload, StandardCharsets.UTF_8));
      return;
    }
    FrameSink job = pending.get(id);
    if (job == null) {
      return; // a command given up on: its tail is dropped
    }
    if (type.isPresent()) {
      job.frame(type.get(), payload);
    } else {
      job.failed(new IOException(String.format("unknown frame type 0x%02x from the agent", code & 0xff)));
    }
  }

  private void readFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (socket.read(buffer) < 0) {
        throw new IOException("the guest's end of the exec channel closed");
      }
    }
  }

  private void fail(IOException e) {
    broken = e;
    hello.completeExceptionally(e);
    pending.values().forEach(job -> job.failed(e));
  }

  /** Closes the connection; commands still running fail. Idempotent. */
  @Override
  public void close() {
    fail(new IOException("the exec channel was closed"));
    try {
      socket.close(); // also ends a write blocked on a guest that stopped reading
    } catch (IOException e) {
      // closing anyway
    }
    writer.shutdownNow();
  }
}
