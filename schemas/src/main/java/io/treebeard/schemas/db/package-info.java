/**
 * Storage layout, PostgreSQL side: the roles' passwords applied after the migrations, and the SQL of the read paths
 * that go to PostgreSQL (the indexes of {@code db/migration} are built for exactly these statements).
 */
package io.treebeard.schemas.db;
