/** Implementation details of the tariff engine; not part of its API and free to change. */
package io.treebeard.tariff.internal;
