package io.tickforge.server.cli;

import java.net.BindException;

/**
 * Turns a start-up failure a person caused (a port already taken, an address not on this host)
 * into one line that says what to change, with its own exit code. Main thread.
 */
final class StartupError {
    /** Exit code when a game port cannot be bound: taken, or --bind is not this host's (usage errors are 2, other failures 1). */
    static final int EXIT_PORT_IN_USE = 3;

    private StartupError() {
    }

    /**
     * The line for a failed bind of {@code tcpPort}/{@code udpPort} on {@code bindAddress}, or
     * null when {@code failure} is not a bind failure. KryoNet binds TCP first, then UDP; which
     * one failed shows in the stack (a datagram channel's bind or a server socket's).
     */
    static String bindFailure(Throwable failure, String bindAddress, int tcpPort, int udpPort) {
        Throwable bind = failure;
        while (bind != null && !(bind instanceof BindException)) {
            bind = bind.getCause();
        }
        if (bind == null) {
            return null;
        }
        final String why = bind.getMessage() == null ? "cannot bind" : bind.getMessage();
        final boolean inUse = why.toLowerCase(java.util.Locale.ROOT).contains("in use");
        final String advice;
        final String what;
        if (failedOnUdp(bind)) {
            what = "UDP port " + udpPort;
            advice = "choose another with --udp-port N or TICKFORGE_UDP_PORT=N (0 = any free port)";
        } else {
            what = "TCP port " + tcpPort;
            advice = "choose another with --tcp-port N or TICKFORGE_TCP_PORT=N (0 = any free port)";
        }
        if (inUse) {
            return "cannot start: " + what + " on " + bindAddress
                    + " is already in use (another Tickforge server?); " + advice;
        }
        return "cannot start: cannot bind " + what + " on " + bindAddress + " (" + why
                + "); --bind must be an address of this host, or 0.0.0.0 for all of them";
    }

    /** The line for a --bind that names no host, or null when {@code failure} is something else. */
    static String unknownBindAddress(Throwable failure, String bindAddress) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException) {
                return "cannot start: --bind " + bindAddress + " is not an address or a known host name"
                        + " (try 0.0.0.0 for every interface, or 127.0.0.1)";
            }
        }
        return null;
    }

    private static boolean failedOnUdp(Throwable bind) {
        for (StackTraceElement frame : bind.getStackTrace()) {
            final String cls = frame.getClassName();
            if (cls.contains("DatagramChannel") || cls.contains("DatagramSocket")) {
                return true;
            }
        }
        return false;
    }
}
