/** Event contracts: records that travel on TreeBeard's Kafka topics. */
package io.treebeard.schemas.event;
