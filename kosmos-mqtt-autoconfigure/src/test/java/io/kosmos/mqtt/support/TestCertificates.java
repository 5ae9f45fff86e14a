package io.kosmos.mqtt.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PEM certificates for TLS tests, made with the {@code openssl} executable: a CA, a broker
 * certificate for 127.0.0.1 and localhost, a broker certificate for another host name, a
 * client certificate, and a second CA that signed none of them. Every file is readable by all users, because Mosquitto started as root
 * reads them as the {@code mosquitto} user.
 *
 * @param folder the folder of the files
 */
public record TestCertificates(Path folder) {

	/**
	 * Returns whether the {@code openssl} executable is on the PATH.
	 * @return {@code true} when found
	 */
	public static boolean isOpensslInstalled() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String entry : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(entry, "openssl"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Creates the CAs and certificates in a folder.
	 * @param folder an empty folder
	 * @return the certificates
	 * @throws IOException when openssl fails
	 * @throws InterruptedException when interrupted while openssl runs
	 */
	public static TestCertificates create(Path folder) throws IOException, InterruptedException {
		TestCertificates certificates = new TestCertificates(folder);
		certificates.selfSignedCa("ca", "kosmos-test-ca");
		certificates.selfSignedCa("other-ca", "kosmos-other-ca");
		certificates.signed("broker", "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
				+ "extendedKeyUsage=serverAuth\n");
		certificates.signed("client", "kosmos-tool", "extendedKeyUsage=clientAuth\n");
		certificates.signed("other-host", "elsewhere.invalid", "subjectAltName=DNS:elsewhere.invalid\n"
				+ "extendedKeyUsage=serverAuth\n");
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
		try (var files = Files.list(folder)) {
			for (Path file : files.toList()) {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
			}
		}
		return certificates;
	}

	/**
	 * Returns a certificate file.
	 * @param name {@code ca}, {@code other-ca}, {@code broker}, {@code other-host} or
	 * {@code client}
	 * @return the PEM certificate
	 */
	public Path certificate(String name) {
		return this.folder.resolve(name + ".crt");
	}

	/**
	 * Returns a private key file.
	 * @param name {@code ca}, {@code other-ca}, {@code broker}, {@code other-host} or
	 * {@code client}
	 * @return the PEM private key, PKCS #8
	 */
	public Path privateKey(String name) {
		return this.folder.resolve(name + ".key");
	}

	private void selfSignedCa(String name, String commonName) throws IOException, InterruptedException {
		openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + commonName,
				"-keyout", privateKey(name).toString(), "-out", certificate(name).toString());
	}

	private void signed(String name, String commonName, String extensions) throws IOException, InterruptedException {
		Path request = this.folder.resolve(name + ".csr");
		Path extensionFile = this.folder.resolve(name + ".ext");
		Files.writeString(extensionFile, extensions, StandardCharsets.UTF_8);
		openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + commonName, "-keyout",
				privateKey(name).toString(), "-out", request.toString());
		openssl("x509", "-req", "-in", request.toString(), "-CA", certificate("ca").toString(), "-CAkey",
				privateKey("ca").toString(), "-CAcreateserial", "-days", "2", "-extfile", extensionFile.toString(),
				"-out", certificate(name).toString());
	}

	private void openssl(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add("openssl");
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(this.folder.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException("openssl timed out: " + command);
		}
		if (process.exitValue() != 0) {
			throw new IOException("openssl failed with exit code " + process.exitValue() + ": " + command + "\n" + output);
		}
	}

}
