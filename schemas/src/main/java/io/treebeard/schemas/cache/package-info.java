/**
 * Storage layout, Redis side: the cache contract shared by the writer (cache-projector) and the reader (query-api),
 * that is key names, value layout and the version-guarded write scripts. Keep both sides on these constants; no key
 * literal lives anywhere else.
 */
package io.treebeard.schemas.cache;
