/** JUnit 5 support for integration tests against the real local stack. */
package io.treebeard.stack.junit;
