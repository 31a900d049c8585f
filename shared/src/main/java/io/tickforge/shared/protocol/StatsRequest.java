package io.tickforge.shared.protocol;

/** Client to server over TCP: asks for a {@link ServerStats} reply. Carries nothing. */
public final class StatsRequest {
}
