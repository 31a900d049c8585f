package io.tickforge.client.net;

import com.esotericsoftware.kryonet.Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Works around {@code Client.update(0)} sleeping 25 ms after 100 consecutive empty selects
 * (KryoNet 2.22 guards against a selector that spins; see docs/NETWORKING.md). One driver thread polls many
 * clients, so that sleep would stall every client on the thread; we zero the private counter
 * before each poll. If the field cannot be reached (a future KryoNet, a module boundary), the
 * workaround is off, logged once, and polling still works, only with the occasional stall.
 * Stateless; any thread.
 */
public final class KryoNetUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(KryoNetUpdates.class);
    private static final VarHandle EMPTY_SELECTS = find();

    private KryoNetUpdates() {
    }

    private static VarHandle find() {
        try {
            return MethodHandles.privateLookupIn(Client.class, MethodHandles.lookup())
                    .findVarHandle(Client.class, "emptySelects", int.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot reach KryoNet Client.emptySelects ({}); update(0) may sleep 25 ms after 100 empty"
                    + " polls", e.toString());
            return null;
        }
    }

    private static final VarHandle TCP = findField(com.esotericsoftware.kryonet.Connection.class, "tcp");

    private static VarHandle findField(Class<?> owner, String name) {
        try {
            Class<?> type = owner.getDeclaredField(name).getType();
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot reach KryoNet {}.{}: {}", owner.getSimpleName(), name, e.toString());
            return null;
        }
    }

    /**
     * The client's TCP socket channel (KryoNet keeps it private), so that a dedicated driving thread
     * can wait on TCP and our UDP channel in one selector; null when it cannot be reached.
     */
    public static java.nio.channels.SocketChannel tcpChannel(Client client) {
        try {
            Object tcp = TCP == null ? null : TCP.get(client);
            if (tcp == null) {
                return null;
            }
            java.lang.reflect.Field f = tcp.getClass().getDeclaredField("socketChannel");
            f.setAccessible(true);
            return (java.nio.channels.SocketChannel) f.get(tcp);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** True when the empty-select counter can be reset. */
    public static boolean available() {
        return EMPTY_SELECTS != null;
    }

    /** Resets the empty-select counter so that the next {@code update(0)} cannot sleep. */
    public static void defuseEmptySelectSleep(Client client) {
        if (EMPTY_SELECTS != null) {
            EMPTY_SELECTS.set(client, 0);
        }
    }
}
