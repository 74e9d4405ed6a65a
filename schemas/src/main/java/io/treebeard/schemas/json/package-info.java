/**
 * Event contracts: the JSON mapping and Kafka serdes of the contract records. The JSON Schemas of the topic values are
 * resources ({@code json-schema/}); their loader, used only by tests, is in the test sources.
 */
package io.treebeard.schemas.json;
