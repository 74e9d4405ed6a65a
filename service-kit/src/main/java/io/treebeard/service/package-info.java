/**
 * The service shell every TreeBeard service runs in. {@link io.treebeard.service.TreeBeardApplication} starts a Spring
 * Boot application with the shared defaults of {@link io.treebeard.service.ServiceDefaults}; the auto-configuration adds
 * request-id propagation and fail-fast dependency checks at boot.
 */
package io.treebeard.service;
