package com.ticketing.gateway.adapter.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The JVM's name resolver in this module's tests (registered in META-INF/services): records
 * every name and address lookup, then asks the built-in resolver, so tests can prove that code
 * never resolves a name. Names ending in {@code .invalid} are refused without asking anyone.
 */
public final class RecordingResolverProvider extends InetAddressResolverProvider {

    /** Every host name looked up, and every reverse lookup as {@code "reverse:" + address}. */
    static final List<String> LOOKUPS = new CopyOnWriteArrayList<>();

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy)
                    throws UnknownHostException {
                LOOKUPS.add(host);
                if (host.endsWith(".invalid")) {
                    throw new UnknownHostException(host);
                }
                return builtin.lookupByName(host, lookupPolicy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                LOOKUPS.add("reverse:" + InetAddress.getByAddress(addr).getHostAddress());
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "recording resolver for tests";
    }
}
