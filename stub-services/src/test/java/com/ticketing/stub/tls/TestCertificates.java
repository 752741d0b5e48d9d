package com.ticketing.stub.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway certificates for TLS tests, made at test time and never committed: PEM files in a
 * fresh temporary directory that {@link #close()} deletes. EC P-256 keys written as unencrypted
 * PKCS#8, certificates valid from an hour ago for a day.
 * <ul>
 *   <li>{@link #ca()}: a CA that signs {@link #server()} (for {@code localhost}: SAN DNS:localhost
 *       and IP:127.0.0.1, serverAuth) and {@link #client()} (clientAuth);</li>
 *   <li>{@link #otherCa()}: an unrelated CA that signs {@link #otherServer()}, a server certificate
 *       with the same names, which a client trusting only {@link #ca()} must refuse.</li>
 * </ul>
 */
public final class TestCertificates implements AutoCloseable {

    /** A certificate and its private key, as PEM files. */
    public record KeyPairFiles(Path certificate, Path privateKey) {
    }

    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final Path ca;
    private final KeyPairFiles server;
    private final KeyPairFiles client;
    private final Path otherCa;
    private final KeyPairFiles otherServer;

    private TestCertificates(Path directory) throws IOException, GeneralSecurityException {
        this.directory = directory;
        Issuer authority = Issuer.selfSigned("Ticketing Test CA");
        Issuer unrelated = Issuer.selfSigned("Unrelated Test CA");
        ca = writeCertificate("ca.crt", authority.certificate());
        server = write("server", authority.issue("localhost", KeyPurposeId.id_kp_serverAuth, true));
        client = write("client", authority.issue("ticketing-gateway", KeyPurposeId.id_kp_clientAuth, false));
        otherCa = writeCertificate("other-ca.crt", unrelated.certificate());
        otherServer = write("other-server", unrelated.issue("localhost", KeyPurposeId.id_kp_serverAuth, true));
    }

    /** Makes every certificate and key in a new temporary directory. */
    public static TestCertificates create() {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("test-certificates");
            return new TestCertificates(directory);
        } catch (IOException e) {
            delete(directory);
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            delete(directory);
            throw new IllegalStateException("cannot make test certificates", e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** The CA certificate that signed {@link #server()} and {@link #client()}. */
    public Path ca() {
        return ca;
    }

    /** A server certificate for localhost / 127.0.0.1, signed by {@link #ca()}. */
    public KeyPairFiles server() {
        return server;
    }

    /** A client certificate signed by {@link #ca()}. */
    public KeyPairFiles client() {
        return client;
    }

    /** A CA that has nothing to do with {@link #ca()}. */
    public Path otherCa() {
        return otherCa;
    }

    /** A server certificate for localhost / 127.0.0.1, signed by {@link #otherCa()}. */
    public KeyPairFiles otherServer() {
        return otherServer;
    }

    /** Deletes the directory and every file in it. */
    @Override
    public void close() {
        delete(directory);
    }

    private KeyPairFiles write(String name, Issued issued) throws IOException {
        return new KeyPairFiles(writeCertificate(name + ".crt", issued.certificate()),
                writePem(name + ".key", "PRIVATE KEY", issued.keys().getPrivate().getEncoded()));
    }

    private Path writeCertificate(String name, X509Certificate certificate) throws IOException {
        try {
            return writePem(name, "CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Java encodes EC private keys as PKCS#8, which is what PEM "PRIVATE KEY" holds. */
    private Path writePem(String name, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
        return Files.writeString(directory.resolve(name), pem, StandardCharsets.US_ASCII);
    }

    private static void delete(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Issued(X509Certificate certificate, KeyPair keys) {
    }

    /** A CA: its self-signed certificate and the key it signs with. */
    private record Issuer(X509Certificate certificate, KeyPair keys) {

        static Issuer selfSigned(String commonName) throws GeneralSecurityException {
            KeyPair keys = newKeys();
            X500Name name = new X500Name("CN=" + commonName);
            try {
                X509v3CertificateBuilder builder = builder(name, name, keys);
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
                return new Issuer(sign(builder, keys), keys);
            } catch (CertIOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** An end-entity certificate; a server one names localhost and 127.0.0.1. */
        Issued issue(String commonName, KeyPurposeId purpose, boolean forLocalhost) throws GeneralSecurityException {
            KeyPair subject = newKeys();
            X500Name issuerName = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
            try {
                X509v3CertificateBuilder builder = builder(issuerName, new X500Name("CN=" + commonName), subject);
                JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(subject.getPublic()));
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(certificate));
                if (forLocalhost) {
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
                }
                return new Issued(sign(builder, keys), subject);
            } catch (CertIOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
            Instant now = Instant.now();
            return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
        }

        private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
                throws GeneralSecurityException {
            try {
                return new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
            } catch (OperatorCreationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static KeyPair newKeys() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        }
    }
}
