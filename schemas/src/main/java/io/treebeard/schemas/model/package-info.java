/** Event contracts: records of the source tables of contract section 1. */
package io.treebeard.schemas.model;
