#!/usr/bin/perl
# Runs `true` in a guest through the exec agent's port (see guest-image/src/main/guest/agent.c for the
# frames) and exits with its status.
use strict;
use warnings;
use IO::Socket::UNIX;

# The frame types used here, named and valued as in the extension's enum FrameType
# (extension/src/main/java/dev/virtiofs/junit/internal/exec/FrameType.java): FrameTypeTests checks them.
use constant {FRAME_EXEC => 'X', FRAME_STATUS => 'S', FRAME_FAILED => 'F'};

$SIG{ALRM} = sub { die "no answer from the exec agent within 30 s\n" };
alarm 30;
my $socket = IO::Socket::UNIX->new(Peer => $ARGV[0], Type => SOCK_STREAM) or die "connect $ARGV[0]: $!";
my $command = 'true';
my $payload = pack('N', length $command) . $command;
print $socket pack('NaN', 1, FRAME_EXEC, length $payload) . $payload;
while (1) {
  read($socket, my $header, 9) == 9 or die "the exec channel closed";
  my ($id, $type, $length) = unpack('NaN', $header);
  my $body = '';
  read($socket, $body, $length) if $length;
  exit unpack('N', $body) if $type eq FRAME_STATUS;
  die "agent: $body" if $type eq FRAME_FAILED;
}
