/** JSON mapping and Kafka serdes of the contract records. */
package io.treebeard.schemas.json;
