/** The usage reseed: rebuilds the recommender's usage ledgers from PostgreSQL after topic retention dropped readings. */
package io.treebeard.ingest.reseed;
