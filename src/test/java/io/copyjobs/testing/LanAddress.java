package io.copyjobs.testing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;

/** An IPv4 address of this machine that is not loopback or link-local: "the node's LAN address". */
public final class LanAddress {
    private LanAddress() {
    }

    /** The first such address of an interface that is up, or empty on a machine with none. */
    public static Optional<InetAddress> find() {
        try {
            return NetworkInterface.networkInterfaces().filter(LanAddress::up)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static boolean up(NetworkInterface i) {
        try {
            return i.isUp() && !i.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
