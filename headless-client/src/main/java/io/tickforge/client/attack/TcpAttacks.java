package io.tickforge.client.attack;

import io.tickforge.shared.protocol.Chat;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.KryoSerialization;
import io.tickforge.shared.protocol.Protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The TCP attacks, each a {@link TcpHerd} with its own opening bytes, hold time and pace. Attack
 * thread only.
 */
final class TcpAttacks {
    /** Garbage and fuzz connections: our side gives up this long after opening if the server has not closed. */
    private static final long GIVE_UP_NS = TimeUnit.SECONDS.toNanos(2);
    /** chat-flood re-joins (after a kick) at most this often per second. */
    private static final int CHAT_REJOINS_PER_SECOND = 20;

    private TcpAttacks() {
    }

    static void run(AttackConfig config, AttackTally tally, long startNs, long endNs) throws IOException {
        final WireFrames frames = new WireFrames();
        final SplittableRandom random = new SplittableRandom(config.seed());
        final Pacer opens = new Pacer(startNs, config.rate(), config.maxCount());
        final TcpHerd herd = switch (config.mode()) {
            case TCP_GARBAGE -> new TcpHerd(config, tally, frames, config.sockets(), opens, n -> garbage(random, n),
                    false, GIVE_UP_NS, true, null, null);
            case TCP_OVERSIZED_LENGTHS -> new TcpHerd(config, tally, frames, config.sockets(), opens,
                    n -> oversized(random, n), false, GIVE_UP_NS, true, null, null);
            case CONN_FLOOD -> new TcpHerd(config, tally, frames, config.sockets(), opens, null, false, Long.MAX_VALUE,
                    false, null, null);
            case SLOWLORIS -> new TcpHerd(config, tally, frames, config.sockets(), opens,
                    n -> frames.frame(new Hello(Protocol.VERSION, "slow-" + n, config.joinToken())), true, Long.MAX_VALUE,
                    false, null, null);
            case HELLO_FUZZ -> new TcpHerd(config, tally, frames, config.sockets(), opens, helloFuzz(config, frames, random),
                    false, GIVE_UP_NS, true, null, null);
            case SLOT_FILLING -> new TcpHerd(config, tally, frames, config.sockets(), opens,
                    n -> frames.frame(new Hello(Protocol.VERSION, "fill-" + n, config.joinToken())), false, Long.MAX_VALUE,
                    false, null, null);
            case CHAT_FLOOD -> {
                // Opens are the joins (and re-joins after kicks); the pace and cap are the chat lines'.
                final Pacer joins = new Pacer(startNs, CHAT_REJOINS_PER_SECOND, config.joins() + 100L * CHAT_REJOINS_PER_SECOND);
                final long[] k = {0};
                yield new TcpHerd(config, tally, frames, config.joins(), joins,
                        n -> frames.frame(new Hello(Protocol.VERSION, "chat-" + n, config.joinToken())), false,
                        Long.MAX_VALUE, false, opens, () -> new Chat("flood line " + (k[0]++) + " the quick brown fox"));
            }
            default -> throw new IllegalArgumentException(config.mode().cliName() + " is not a TCP attack");
        };
        herd.run(endNs);
    }

    /** Even connections: pure noise; odd: a plausible frame length, then noise as the body. */
    static byte[] garbage(SplittableRandom random, int n) {
        if (n % 2 == 0) {
            final byte[] b = new byte[random.nextInt(64, 1025)];
            random.nextBytes(b);
            return b;
        }
        final int body = random.nextInt(8, 257);
        final byte[] b = new byte[KryoSerialization.LENGTH_BYTES + body];
        random.nextBytes(b);
        ByteBuffer.wrap(b).putInt(body);
        return b;
    }

    private static final int[] OVERSIZED = {1 << 30, Integer.MAX_VALUE, 64 * 1024 + 1, 16 << 20, -1, 0, Integer.MIN_VALUE};

    /** A frame length far over (or under) anything the server accepts, then some bytes of "body". */
    static byte[] oversized(SplittableRandom random, int n) {
        final byte[] b = new byte[KryoSerialization.LENGTH_BYTES + 64];
        random.nextBytes(b);
        ByteBuffer.wrap(b).putInt(OVERSIZED[n % OVERSIZED.length]);
        return b;
    }

    /**
     * One malformed Hello per connection, cycling: wrong version, empty name, name with spaces and
     * symbols, a name over the length limit, a wrong join token (only when the server has one: on
     * an open server it would join), a truncated Hello, a Hello id followed by random bytes.
     */
    static IntFunction<byte[]> helloFuzz(AttackConfig config, WireFrames frames, SplittableRandom random) {
        return n -> {
            final String token = config.joinToken();
            switch (n % 7) {
                case 0:
                    return frames.frame(new Hello(Protocol.VERSION + 1 + random.nextInt(1000), "fuzz-" + n, token));
                case 1:
                    return frames.frame(new Hello(Protocol.VERSION, "", token));
                case 2:
                    return frames.frame(new Hello(Protocol.VERSION, " bad name! <" + n + ">", token));
                case 3:
                    return frames.frame(new Hello(Protocol.VERSION, "x".repeat(60), token));
                case 4:
                    if (token != null) {
                        return frames.frame(new Hello(Protocol.VERSION, "fuzz-" + n, token + "-guess-" + random.nextInt()));
                    }
                    return frames.frame(new Hello(-1, "fuzz-" + n, null));
                case 5: {
                    final byte[] whole = frames.frame(new Hello(Protocol.VERSION, "fuzz-" + n, token));
                    final int body = Math.max(1, (whole.length - KryoSerialization.LENGTH_BYTES) / 2);
                    final byte[] cut = new byte[KryoSerialization.LENGTH_BYTES + body];
                    System.arraycopy(whole, KryoSerialization.LENGTH_BYTES, cut, KryoSerialization.LENGTH_BYTES, body);
                    ByteBuffer.wrap(cut).putInt(body);
                    return cut;
                }
                default: {
                    final int body = random.nextInt(2, 120);
                    final byte[] b = new byte[KryoSerialization.LENGTH_BYTES + body];
                    random.nextBytes(b);
                    ByteBuffer.wrap(b).putInt(body);
                    b[KryoSerialization.LENGTH_BYTES] = (byte) (Protocol.ID_HELLO + 2); // varint of the Hello class id
                    return b;
                }
            }
        };
    }
}
