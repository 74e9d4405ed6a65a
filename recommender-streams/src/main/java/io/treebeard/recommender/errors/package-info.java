/** The error policy: dead letters for records that cannot be deserialised or processed. */
package io.treebeard.recommender.errors;
