package io.treebeard.service;

/** A dependency did not answer while the service started. */
public final class DependencyUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The failure of {@code probe}, with its cause. */
    public DependencyUnavailableException(DependencyProbe probe, Throwable cause) {
        super("Dependency '" + probe.name() + "' at " + probe.location() + " is unreachable: " + cause.getMessage(), cause);
    }
}
