/** Values of the stream application's state stores. */
package io.treebeard.recommender.state;
