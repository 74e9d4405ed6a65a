/**
 * The Redis cache contract shared by the writer (cache-projector) and the reader (query-api): key names, value layout
 * and the version-guarded write script. Keep both sides on these constants; no key literal lives anywhere else.
 */
package io.treebeard.schemas.cache;
