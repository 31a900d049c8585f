package io.tickforge.server.session;

import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.RejectReason;

/**
 * The sessions a network serves, as the handshake sees them: which games the process hosts, where a
 * new player goes ({@code Hello.game} and {@code Hello.sessionId}, {@link #place(String, int)}) and
 * which session a reconnect returns to ({@link #find(String, int)}). A process hosts one game or
 * several ({@code --games}); every session of one game has the same schemas and input layout, which
 * {@link #shape(String)} describes; tick rate and packet budget are the same for every game.
 *
 * <p>Threads: {@link #place} and {@link #find} run on the network's update thread, a few times per
 * player lifetime (they may lock and allocate); the gateways they return are then used as any
 * {@link SessionGateway} (their hot-path methods never lock). Implementations: {@link #single} (one
 * session for the life of the process, as before sessions on demand) and {@link SessionHost}.
 */
public interface SessionDirectory {
    /**
     * The network's view of the hosted game: its schemas, input layout, tick rate, packet budget and
     * sending threads (the same for every session). Its slot methods are not used by the network.
     */
    SessionGateway shape();

    /**
     * The shape of hosted game {@code game} (null or empty: the default game, {@link #shape()}), or
     * null when this process does not host it.
     */
    default SessionGateway shape(String game) {
        return refuseGame(game) == null ? shape() : null;
    }

    /** The shape of every hosted game, the default game's first (start-up checks: datagram sizes, budget, sockets). */
    default java.util.List<SessionGateway> shapes() {
        return java.util.List.of(shape());
    }

    /**
     * The game check of a Hello: null when {@code game} (null or empty: the server's default) is a
     * game this process hosts, else the text of an {@code UNKNOWN_GAME} rejection naming the hosted ones.
     */
    String refuseGame(String game);

    /**
     * As {@link #place(int)}, for a player of {@code game} (null or empty: the default game): "any"
     * fills an open session of that game (or starts one); a named session of another game is refused
     * ({@code NO_SUCH_SESSION}: there is no such session of the player's game). One game: {@link #place(int)}.
     */
    default Placement place(String game, int sessionId) {
        return place(sessionId);
    }

    /**
     * As {@link #find(int)}, null also when the session runs another game than {@code game} (null or
     * empty: the default game). One game: {@link #find(int)}.
     */
    default SessionGateway find(String game, int sessionId) {
        return find(sessionId);
    }

    /**
     * Reserves a player slot for a new player: in session {@code sessionId}, or with
     * {@link Hello#ANY_SESSION} in an open session, creating one when none has room and the limit
     * allows. Never null; the slot must be released ({@code releaseSlot}) or joined by the caller.
     */
    Placement place(int sessionId);

    /** The running session a reconnect names ({@link Hello#ANY_SESSION}: the only one, if there is one), or null. */
    SessionGateway find(int sessionId);

    /**
     * Where {@link #place} put a player: {@code session} and its {@code slot}, or a refusal
     * ({@code reason} non-null, {@code text} says why, no slot reserved). Immutable.
     */
    record Placement(SessionGateway session, int slot, RejectReason reason, String text) {
        public static Placement refused(RejectReason reason, String text) {
            return new Placement(null, -1, reason, text);
        }

        public boolean placed() {
            return reason == null;
        }
    }

    /**
     * One session for the life of the process ({@code --max-sessions 1}, the default): it never
     * ends while the server runs, "any" and its own id reach it, a full session is
     * {@code SERVER_FULL} for "any" (as before sessions existed) and {@code SESSION_FULL} when named.
     *
     * @param gameName the hosted game's name, checked against {@code Hello.game}; null: any name is accepted
     */
    static SessionDirectory single(SessionGateway session, String gameName) {
        return new SessionDirectory() {
            @Override
            public SessionGateway shape() {
                return session;
            }

            @Override
            public String refuseGame(String game) {
                return gameRefusal(gameName, game);
            }

            @Override
            public Placement place(int sessionId) {
                if (sessionId != Hello.ANY_SESSION && sessionId != session.sessionId()) {
                    return Placement.refused(RejectReason.NO_SUCH_SESSION, "no session " + sessionId
                            + " on this server (it runs session " + session.sessionId() + "); join any session");
                }
                int slot = session.reserveSlot();
                if (slot < 0) {
                    return sessionId == Hello.ANY_SESSION
                            ? Placement.refused(RejectReason.SERVER_FULL, "session is full")
                            : Placement.refused(RejectReason.SESSION_FULL, "session " + sessionId + " is full");
                }
                return new Placement(session, slot, null, null);
            }

            @Override
            public SessionGateway find(int sessionId) {
                return sessionId == Hello.ANY_SESSION || sessionId == session.sessionId() ? session : null;
            }
        };
    }

    /** The text of an UNKNOWN_GAME refusal, or null when {@code asked} (null/empty: the server's) is {@code hosted}. */
    static String gameRefusal(String hosted, String asked) {
        return hosted == null ? null : gameRefusal(java.util.List.of(hosted), asked);
    }

    /**
     * The text of an UNKNOWN_GAME refusal naming every hosted game, or null when {@code asked}
     * (null/empty: the server's default) is one of {@code hosted}.
     */
    static String gameRefusal(java.util.List<String> hosted, String asked) {
        if (asked == null || asked.isEmpty() || hosted.contains(asked)) {
            return null;
        }
        if (hosted.size() == 1) {
            return "this server hosts game '" + hosted.get(0) + "' only, not '" + printable(asked) + "'";
        }
        return "this server hosts games '" + String.join("', '", hosted) + "', not '" + printable(asked) + "'";
    }

    /** {@code s} with anything but printable ASCII as '?', for a rejection text (a peer chose it). */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            b.append(ch >= 0x20 && ch < 0x7F ? ch : '?');
        }
        return b.toString();
    }
}
