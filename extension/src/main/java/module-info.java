/**
 * virtiofs-junit: a JUnit extension that gives a test class a QEMU guest with a host directory
 * shared over virtio-fs. The API is {@link dev.virtiofs.junit} alone; everything under {@code
 * dev.virtiofs.junit.internal} is the extension's own and may change in any release.
 */
// sshj is an automatic module (it names itself in its manifest). awaitility and Gson are not named:
// they are shaded into this jar (relocated under dev.virtiofs.junit.internal), and the build lets
// this module read them from the class path while compiling (extension/pom.xml, --add-reads).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.virtiofs.junit {
  exports dev.virtiofs.junit;

  // JUnit instantiates the package-private VirtioFsVmExtension that @VirtioFsVm names
  opens dev.virtiofs.junit to org.junit.platform.commons;

  requires transitive org.junit.jupiter.api;
  requires transitive com.hierynomus.sshj;

  // the shaded awaitility looks for deadlocks through java.management when a wait times out; the
  // shaded Gson adapts java.sql's types when java.sql is there, and needs to read it then
  requires java.management;
  requires static java.sql;

  // the launcher listeners (internal.ahead, internal.kernel) are compiled against it; they are
  // registered in META-INF/services for the class path only: a 'provides' here would make the
  // launcher a module every user's module path must hold, and Surefire puts it on the class path
  requires static org.junit.platform.launcher;

}
