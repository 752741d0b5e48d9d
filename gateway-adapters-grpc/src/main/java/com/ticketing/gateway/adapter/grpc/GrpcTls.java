package com.ticketing.gateway.adapter.grpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * TLS on every channel to the services. Each service's certificate must chain to
 * {@link #caCertificates()} and name the host the instance is listed by (the {@code host} of
 * {@code host:port} or of {@code dns:///host:port}), or {@link #authority()} when one is set; with a
 * {@link #clientCertificate()} the gateway presents it (mutual TLS). Files are PEM, read once when
 * the channels are built: replacing them takes a restart. A file that is missing or unreadable
 * refuses to build, with a message naming its setting.
 *
 * @param caCertificates    the CA bundle service certificates are verified against ({@value #CA_CERT})
 * @param clientCertificate the gateway's own certificate and key, for services that require one
 * @param authority         the one name every service's certificate is checked for, also sent as
 *                          {@code :authority} ({@value #AUTHORITY}); empty: each instance's host
 */
public record GrpcTls(Path caCertificates, Optional<ClientCertificate> clientCertificate, Optional<String> authority) {

    /** The settings as the environment names them, for messages. */
    public static final String CA_CERT = "GRPC_TLS_CA_CERT";
    public static final String CLIENT_CERT = "GRPC_TLS_CLIENT_CERT";
    public static final String CLIENT_KEY = "GRPC_TLS_CLIENT_KEY";
    public static final String AUTHORITY = "GRPC_TLS_AUTHORITY";

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\\d{1,5})?");

    public GrpcTls {
        requireReadable(caCertificates, CA_CERT);
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        Objects.requireNonNull(authority, "authority");
        authority.ifPresent(name -> {
            if (!HOST.matcher(name).matches()) {
                throw new IllegalArgumentException(AUTHORITY + " must be a host name, optionally with :port, got '"
                        + UntrustedText.cap(name, 100) + "'");
            }
        });
    }

    /**
     * The gateway's certificate chain (leaf first) and its private key, unencrypted PKCS#8
     * ({@code BEGIN PRIVATE KEY}).
     */
    public record ClientCertificate(Path certificateChain, Path privateKey) {
        public ClientCertificate {
            requireReadable(certificateChain, CLIENT_CERT);
            requireReadable(privateKey, CLIENT_KEY);
        }
    }

    /**
     * TLS as configured: paths as text, where a blank client certificate and key mean none and a
     * blank authority means each instance's host.
     *
     * @throws IllegalArgumentException naming the setting, for a blank CA bundle, a certificate
     *                                  without its key or the other way round, or an unreadable file
     */
    public static GrpcTls of(String caCertificates, String clientCertificate, String clientKey, String authority) {
        Optional<String> certificate = nonBlank(clientCertificate);
        Optional<String> key = nonBlank(clientKey);
        if (certificate.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException(CLIENT_CERT + " and " + CLIENT_KEY
                    + " must be set together (or both left empty for no client certificate)");
        }
        Path ca = path(nonBlank(caCertificates).orElseThrow(() ->
                new IllegalArgumentException(CA_CERT + " must be set when gRPC TLS is enabled")), CA_CERT);
        Optional<ClientCertificate> client = certificate.map(chain ->
                new ClientCertificate(path(chain, CLIENT_CERT), path(key.get(), CLIENT_KEY)));
        return new GrpcTls(ca, client, nonBlank(authority));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static Path path(String value, String setting) {
        try {
            return Path.of(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(setting + " must be a file path, got '" + UntrustedText.cap(value, 200) + "'", e);
        }
    }

    private static void requireReadable(Path file, String setting) {
        Objects.requireNonNull(file, setting);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(setting + " must name a readable PEM file, got '" + file + "'"
                    + (Files.exists(file) ? "" : " (no such file)"));
        }
    }
}
