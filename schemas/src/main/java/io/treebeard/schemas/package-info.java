/**
 * The contracts every TreeBeard service shares, of two kinds (see the module's README). Event contracts: the records
 * of the events and documents of the product contract ({@code model}, {@code event}), the typed topic handles that are
 * the only place topic names are declared ({@code topic}), the JSON mapping and serdes ({@code json}) and the
 * validators of the write API ({@code validation}). Storage layout: the database migrations (under
 * {@code db/migration} on the classpath), the roles and the read SQL the indexes are built for ({@code db}), and the
 * Redis keys, value layout and scripts ({@code cache}).
 */
package io.treebeard.schemas;
