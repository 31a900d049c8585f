package io.tickforge.server.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.nio.channels.DatagramChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The one-line start-up messages, from the exceptions KryoNet's bind throws (no sockets). */
class StartupErrorTest {
    @Test
    void anAddressNotOnThisHostPointsAtBind() {
        BindException e = new BindException("Cannot assign requested address");
        assertEquals("cannot start: cannot bind TCP port 7777 on 192.0.2.1 (Cannot assign requested address);"
                + " --bind must be an address of this host, or 0.0.0.0 for all of them",
                StartupError.bindFailure(e, "192.0.2.1", 7777, 7778));
    }

    @Test
    void theFailingTransportIsReadFromTheStack() {
        BindException e = new BindException("Address already in use");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("sun.nio.ch.Net", "bind0", "Net.java", -2),
            new StackTraceElement(DatagramChannel.class.getName(), "bind", "DatagramChannel.java", 1),
            new StackTraceElement("com.esotericsoftware.kryonet.Server", "bind", "Server.java", 150)});
        assertEquals("cannot start: UDP port 7778 on 0.0.0.0 is already in use (another Tickforge server?);"
                + " choose another with --udp-port N or TICKFORGE_UDP_PORT=N (0 = any free port)",
                StartupError.bindFailure(new IOException("wrapped", e), "0.0.0.0", 7777, 7778));
    }

    @Test
    void otherFailuresAreNotDressedUp() {
        assertNull(StartupError.bindFailure(new IOException("disk on fire"), "0.0.0.0", 7777, 7778));
        assertNull(StartupError.unknownBindAddress(new IOException("disk on fire"), "0.0.0.0"));
    }
}
