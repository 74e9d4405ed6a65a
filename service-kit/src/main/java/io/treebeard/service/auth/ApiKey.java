package io.treebeard.service.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.Set;

/**
 * One client's API key as configured: only its SHA-256 is ever stored, never the key.
 *
 * @param name   who holds it (logged and used as the rate-limit client, never the key)
 * @param sha256 hex SHA-256 of the key
 * @param rights what it may do
 */
public record ApiKey(
        @NotBlank String name,
        @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be the 64 hex digits of a SHA-256") String sha256,
        @NotEmpty Set<Right> rights) {

    /** Copies the rights, so the key is immutable. */
    public ApiKey {
        rights = rights == null ? Set.of() : Set.copyOf(rights);
    }
}
