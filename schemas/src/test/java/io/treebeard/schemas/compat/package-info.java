/** Checks that a changed JSON Schema of a topic value does not break the topic's existing consumers. */
package io.treebeard.schemas.compat;
