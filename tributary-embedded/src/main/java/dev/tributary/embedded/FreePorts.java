package dev.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds loopback ports that nothing listens on right now. */
final class FreePorts {

    static final String LOOPBACK = "127.0.0.1";

    private FreePorts() {}

    /**
     * Returns a port that was free a moment ago. The socket is closed before returning, so another
     * process may take the port before the caller binds it: callers retry on a bind clash.
     */
    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }

    /** Whether the port can be bound on the loopback address right now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(loopback(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress loopback() throws IOException {
        return InetAddress.getByName(LOOPBACK);
    }
}
