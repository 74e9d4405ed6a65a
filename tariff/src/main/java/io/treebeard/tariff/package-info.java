/** The tariff engine: contract sections 2 to 4 as pure functions. */
package io.treebeard.tariff;
