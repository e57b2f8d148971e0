package io.copyjobs.job;

/** A file as a client names it in CreateJob or AddFileSet; {@code sha256} may be null. */
public record FileSpec(String remoteUrl, String localName, String sha256) {
}
