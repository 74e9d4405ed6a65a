/** Keeping the Kafka Streams client alive: the stall watch and its schedule. */
package io.treebeard.recommender.lifecycle;
