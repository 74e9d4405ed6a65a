/** Event contracts: typed topic handles: the only place topic names are declared. */
package io.treebeard.schemas.topic;
