#!/usr/bin/perl
# The floor's client for a restored guest: does over QMP and the exec agent's port (see
# guest-image/src/main/guest/agent.c for the frames) what the extension does for a guest restored from
# a snapshot, and nothing else: restore the devices' state, plug the share in, give the guest the
# host's clock and entropy, run virtiofs-configure with its three files, then `true`.
#
#   restore.pl QMP_SOCKET EXEC_SOCKET STATE_FILE TAG FILES_DIR
use strict;
use warnings;
use IO::Socket::UNIX;
use Time::HiRes qw(time usleep);

# The frame types used here, named and valued as in the extension's enum FrameType
# (extension/src/main/java/dev/virtiofs/junit/internal/exec/FrameType.java): FrameTypeTests checks them.
use constant {FRAME_EXEC => 'X', FRAME_RESUME => 'T', FRAME_STATUS => 'S', FRAME_FAILED => 'F'};

$SIG{ALRM} = sub { die "no answer within 30 s\n" };
alarm 30;
my ($qmp_path, $exec_path, $state, $tag, $files) = @ARGV;

my $qmp;
until ($qmp = IO::Socket::UNIX->new(Peer => $qmp_path, Type => SOCK_STREAM)) { usleep(2000); }
<$qmp>; # greeting
sub qmp {
  print $qmp "$_[0]\n";
  while (my $line = <$qmp>) {
    return $line if $line =~ /^\{"return"/;
    die "QMP: $line" if $line =~ /^\{"error"/;
  }
  die "QMP closed";
}
qmp('{"execute":"qmp_capabilities"}');
qmp('{"execute":"migrate-set-capabilities","arguments":{"capabilities":[{"capability":"x-ignore-shared","state":true}]}}');
qmp(qq({"execute":"migrate-incoming","arguments":{"uri":"exec:cat '$state'"}}));
while (1) {
  my $status = qmp('{"execute":"query-migrate"}');
  last if $status =~ /"status": "completed"/;
  die "restore failed: $status" if $status =~ /"status": "failed"/;
  usleep(2000);
}
qmp(qq({"execute":"device_add","arguments":{"driver":"vhost-user-fs-pci","id":"fs0","bus":"port0","chardev":"vfs0","tag":"$tag","queue-size":1024}}));

my $exec = IO::Socket::UNIX->new(Peer => $exec_path, Type => SOCK_STREAM) or die "connect $exec_path: $!";
my $id = 0;
sub request {
  my ($type, $payload) = @_;
  $id++;
  print $exec pack('NaN', $id, $type, length $payload) . $payload;
  while (1) {
    read($exec, my $header, 9) == 9 or die "the exec channel closed";
    my ($from, $kind, $length) = unpack('NaN', $header);
    my $body = '';
    read($exec, $body, $length) if $length;
    next if $from != $id;
    die "agent: $body" if $kind eq FRAME_FAILED;
    if ($kind eq FRAME_STATUS) { my $status = unpack('N', $body); die "status $status" if $status; return; }
  }
}
sub run {
  my ($command, $stdin) = @_;
  request(FRAME_EXEC, pack('N', length $command) . $command . ($stdin // ''));
}
my $now = time;
open(my $random, '<', '/dev/urandom') or die; read($random, my $entropy, 64); close $random;
request(FRAME_RESUME, pack('NNN', int($now / 2**32), int($now) % 2**32, int(($now - int $now) * 1e9)) . $entropy);
my $bundle = '';
for my $file (qw(hostkey authorized_keys guest.conf)) {
  open(my $in, '<', "$files/$file") or die "$files/$file: $!"; local $/; my $bytes = <$in>; close $in;
  $bundle .= "file $file " . join('', map { /[!-~]/ && !/[\\%]/ ? $_ : sprintf('\\%03o', ord) } split //, $bytes) . "\n";
}
run('virtiofs-configure -', $bundle);
run('true');
