package io.tickforge.server.net;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.tickforge.shared.protocol.InputPacket;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.transport.DatagramCipher;
import io.tickforge.shared.transport.SecureDatagram;

import javax.crypto.SecretKey;

/** Builds sealed input datagrams the way a client does, for the loopback tests of the UDP transport. One thread. */
final class SealedInputs {
    private final DatagramCipher cipher = new DatagramCipher();
    private final Kryo kryo = Protocol.newKryo();

    /** An input datagram carrying one input for {@code tick}, sealed under {@code key} as datagram {@code sequence}. */
    byte[] input(long sequence, long tick, SecretKey key, int udpId) {
        InputPacket p = new InputPacket();
        p.count = 1;
        p.newestTick = tick;
        Output out = new Output(64);
        kryo.writeObject(out, p);
        byte[] payload = out.toBytes();
        byte[] d = new byte[payload.length + SecureDatagram.OVERHEAD_BYTES];
        cipher.seal(SecureDatagram.KIND_INPUT, udpId, sequence, key, payload, 0, payload.length, d, 0);
        return d;
    }
}
