package io.iwant.daemon.discovery;

import io.iwant.protocol.home.NetworkInterfaces;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The discovery port hears every interface; only datagrams from the chosen interface's link count. */
class OnLinkTest {
    @Test
    void a_source_inside_the_interfaces_subnet_is_on_the_link_and_any_other_is_not() throws Exception {
        Random random = new Random();
        InetSocketAddress group = new InetSocketAddress("239.255.77." + (1 + random.nextInt(250)),
                20_000 + random.nextInt(40_000));
        try (DiscoveryChannels channels = DiscoveryChannels.open(NetworkInterfaces.resolve("lo"), group, null)) {
            assertTrue(channels.onLink(InetAddress.getByName("127.0.0.1")));
            assertTrue(channels.onLink(InetAddress.getByName("127.200.3.4")), "127/8 is the loopback's link");
            assertFalse(channels.onLink(InetAddress.getByName("10.77.0.9")));
            assertFalse(channels.onLink(InetAddress.getByName("192.168.1.1")));
            assertFalse(channels.onLink(InetAddress.getByName("::1")), "IPv6 sources are not on an IPv4 link");
        }
    }
}
