/**
 * The contracts every TreeBeard service shares: the records of the events and documents of the product contract,
 * the typed topic handles that are the only place topic names are declared, the JSON serdes, the validators of the
 * write API's free-form JSON columns, and the database migrations (under {@code db/migration} on the classpath).
 */
package io.treebeard.schemas;
