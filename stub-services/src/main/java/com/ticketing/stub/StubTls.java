package com.ticketing.stub;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for every stub server: its certificate chain and PKCS#8 private key (PEM files) and, for
 * mutual TLS, the CA bundle a client's certificate must chain to; with one, a client that
 * presents no certificate, or one from another CA, fails the handshake before any call is served.
 *
 * @param certificateChain the server's certificate chain, leaf first (PEM)
 * @param privateKey       the leaf's private key (PKCS#8 PEM, unencrypted)
 * @param clientCa         the CAs that sign client certificates; empty: clients need none
 */
public record StubTls(Path certificateChain, Path privateKey, Optional<Path> clientCa) {

    public StubTls {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(clientCa, "clientCa");
    }

    /** Mutual TLS: every client must present a certificate signed by {@code clientCa}. */
    public static StubTls mutual(Path certificateChain, Path privateKey, Path clientCa) {
        return new StubTls(certificateChain, privateKey, Optional.of(clientCa));
    }

    public boolean requiresClientCertificate() {
        return clientCa.isPresent();
    }

    /**
     * The server credentials, with the files read now (a server started later keeps these bytes).
     *
     * @throws UncheckedIOException when a file cannot be read
     */
    ServerCredentials credentials() {
        try {
            TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder()
                    .keyManager(certificateChain.toFile(), privateKey.toFile());
            if (clientCa.isPresent()) {
                builder.trustManager(clientCa.get().toFile())
                        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stubs' TLS files: " + e.getMessage(), e);
        }
    }
}
