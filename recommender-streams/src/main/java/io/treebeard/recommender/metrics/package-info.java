/** Metrics of the stream application. */
package io.treebeard.recommender.metrics;
