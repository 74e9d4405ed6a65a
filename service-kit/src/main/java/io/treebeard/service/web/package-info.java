/**
 * Framework-free parts of the HTTP shell both stacks share: the request-id rule and the one problem format. The
 * servlet and reactive adapters in {@code io.treebeard.service.servlet} and {@code io.treebeard.service.reactive} use
 * them; nothing else writes an error body.
 */
package io.treebeard.service.web;
