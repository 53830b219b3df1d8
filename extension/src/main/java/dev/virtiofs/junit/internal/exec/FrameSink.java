package dev.virtiofs.junit.internal.exec;

import java.io.IOException;

/** Where the frames of one request go, on the channel's reader thread: it must not block. */
interface FrameSink {

  /** A frame for this request, of a type the agent sends ({@link FrameType.Sender#AGENT}). */
  void frame(FrameType type, byte[] payload);

  /** The channel failed or closed: no more frames come. */
  void failed(IOException cause);
}
