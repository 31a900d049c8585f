package io.tickforge.server.net;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;

/**
 * Connect tokens seen until they expire, each bound to the address that first presented it, so a
 * captured token cannot be replayed from elsewhere. Bounded: at most {@code capacity} entries
 * (about 150 bytes each); when full, expired entries are purged, and if none has expired the new
 * token is refused (fail closed: forgetting a live token would let it be replayed). Only tokens
 * that verified reach this table, so only a backend's minting rate can fill it. Network thread only.
 */
final class UsedTokenTable {
    enum Claim {
        /** First time this token is seen: now bound to the address. */
        FIRST_USE,
        /** Seen before from this very address (a retransmission, not a replay). */
        SAME_ADDRESS,
        /** Seen before from another address: a replay. */
        OTHER_ADDRESS,
        /** No room and nothing expired. */
        FULL
    }

    private record TokenId(long high, long low) {
    }

    private record Use(InetSocketAddress address, long expiresAtEpochS) {
    }

    private final int capacity;
    private final HashMap<TokenId, Use> uses;

    UsedTokenTable(int capacity) {
        if (capacity < 1 || capacity > 10_000_000) {
            throw new IllegalArgumentException("capacity " + capacity + " outside 1..10000000");
        }
        this.capacity = capacity;
        this.uses = new HashMap<>(Math.min(capacity, 1 << 16) * 2);
    }

    /** @param tokenId 16 bytes (the token's AEAD tag) */
    Claim claim(byte[] tokenId, InetSocketAddress from, long expiresAtEpochS, long nowEpochS) {
        TokenId id = new TokenId(readLong(tokenId, 0), readLong(tokenId, 8));
        Use previous = uses.get(id);
        if (previous != null) {
            return previous.address.equals(from) ? Claim.SAME_ADDRESS : Claim.OTHER_ADDRESS;
        }
        if (uses.size() >= capacity) {
            purgeExpired(nowEpochS);
            if (uses.size() >= capacity) {
                return Claim.FULL;
            }
        }
        uses.put(id, new Use(from, expiresAtEpochS));
        return Claim.FIRST_USE;
    }

    /** Drops every entry whose token has expired; expired tokens are refused before this table anyway. */
    int purgeExpired(long nowEpochS) {
        int removed = 0;
        for (Iterator<Use> it = uses.values().iterator(); it.hasNext(); ) {
            if (Long.compareUnsigned(it.next().expiresAtEpochS, nowEpochS) <= 0) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    int size() {
        return uses.size();
    }

    private static long readLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
