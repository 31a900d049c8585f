package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.Bye;
import io.tickforge.shared.protocol.ByeReason;
import io.tickforge.shared.protocol.Chat;

import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Validates and relays chat lines (network thread). Per sender: length, control characters, a
 * {@link TokenBucket} (chatPerSecond, chatBurst) and flood strikes that end in {@code Bye(FLOODING)}.
 * Server-wide: a second bucket (chatRelayPerSecond) caps the lines relayed per second, so the
 * fan-out (one TCP send per joined player per line) is bounded however many players chat at once;
 * lines over it are dropped and counted, not held against their sender. A line goes to the joined
 * players of the sender's session only.
 */
final class ChatRelay {
    private final NetworkConfig config;
    private final NetworkCounters counters;
    private final Supplier<PlayerConnection[]> connections;
    private final BiConsumer<PlayerConnection, Object> closer;
    private final BiConsumer<PlayerConnection, Object> sender;
    private final TokenBucket relayBudget;

    /**
     * @param closer requests a close with a farewell message (ServerNetwork.requestClose)
     * @param sender sends one message over TCP (Connection.sendTCP; tests record instead)
     */
    ChatRelay(NetworkConfig config, NetworkCounters counters, Supplier<PlayerConnection[]> connections,
              BiConsumer<PlayerConnection, Object> closer, BiConsumer<PlayerConnection, Object> sender) {
        this.config = config;
        this.counters = counters;
        this.connections = connections;
        this.closer = closer;
        this.sender = sender;
        this.relayBudget = new TokenBucket(config.chatRelayPerSecond, Math.max(1, (int) config.chatRelayPerSecond));
    }

    /** Handles one chat line from a joined connection at {@code nowNs}; returns the players it was sent to. */
    int onChat(PlayerConnection c, Chat chat, long nowNs) {
        String text = chat.text;
        if (text.length() > config.maxChatChars) {
            counters.increment(Counter.CHAT_TOO_LONG);
            return 0;
        }
        if (text.isBlank() || hasControlChars(text)) {
            counters.increment(Counter.CHAT_INVALID);
            return 0;
        }
        if (!c.chat.tryTake(nowNs)) {
            counters.increment(Counter.CHAT_FLOODED);
            if (++c.chatStrikes >= config.chatFloodStrikes && !c.closeRequested.get()) {
                counters.increment(Counter.FLOOD_KICKS);
                closer.accept(c, new Bye(ByeReason.FLOODING, "too many chat messages"));
            }
            return 0;
        }
        if (c.chatStrikes > 0) {
            c.chatStrikes--;
        }
        if (!relayBudget.tryTake(nowNs)) {
            counters.increment(Counter.CHAT_RELAY_LIMITED);
            return 0;
        }
        // KryoNet serializes once per connection (no encode-once broadcast); the relay budget bounds it.
        counters.increment(Counter.CHAT_RELAYED);
        Chat relay = new Chat(c.slot, c.playerName, text);
        int sent = 0;
        for (PlayerConnection p : connections.get()) {
            // Only to the sender's own session: players of other sessions never hear it.
            if (p.state.get() == PlayerConnection.JOINED && !p.closeRequested.get() && p.session == c.session) {
                sender.accept(p, relay);
                sent++;
            }
        }
        return sent;
    }

    private static boolean hasControlChars(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
