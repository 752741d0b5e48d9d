package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import java.util.Locale;

/**
 * How request messages to one service are compressed. Replies come as the service chooses; every
 * gRPC server understands {@code gzip}. Compression costs CPU on both sides and pays off only for
 * large messages over slow links: the default is {@link #IDENTITY}.
 */
public enum GrpcCompression {

    /** Messages are sent as they are. */
    IDENTITY,
    /** Messages are gzip-compressed ({@code grpc-encoding: gzip}). */
    GZIP;

    /** The {@code grpc-encoding} name, as grpc-java's compressor registry knows it: the constant in lower case. */
    public String encoding() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A setting as configured: {@code identity} or {@code gzip} (any case); blank means identity.
     *
     * @throws IllegalArgumentException for anything else, naming the service
     */
    public static GrpcCompression parse(Upstream service, String value) {
        return EnumSetting.parse(service, value, IDENTITY, GrpcCompression::encoding, "compression");
    }
}
