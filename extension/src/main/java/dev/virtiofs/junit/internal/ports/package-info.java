/**
 * Guest.hostPort and waitForPort: QMP host forwards on 127.0.0.1 (HostPorts), listeners in the guest (ListeningSockets, PortWait).
 *
 * <p>Internal: not exported by the module {@code dev.virtiofs.junit}; it may change in any release.
 */
package dev.virtiofs.junit.internal.ports;
