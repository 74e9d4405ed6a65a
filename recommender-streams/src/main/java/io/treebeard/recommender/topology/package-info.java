/** The topology: built by a pure function, tested with TopologyTestDriver. */
package io.treebeard.recommender.topology;
