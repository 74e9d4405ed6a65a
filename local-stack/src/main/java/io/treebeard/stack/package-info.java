/**
 * A real local stack without docker: a Kafka broker (KRaft, combined broker and controller), a PostgreSQL server with
 * {@code wal_level=logical}, and a Redis server, each started in-process (or as a child process) on free ports with its
 * own state directory. Integration tests of every module and the one-command demo use it.
 */
package io.treebeard.stack;
