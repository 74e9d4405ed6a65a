/**
 * Event contracts: validators of the write API's request bodies and free-form JSON columns (contract sections 1, 2 and 6). Every
 * validator reports all broken rules of its input at once, as {@link io.treebeard.schemas.validation.FieldError}s named
 * by a JSON-path-like field name ({@code rate_structure.energy.tiers[1].up_to_kwh}), and builds the record only when
 * nothing is broken.
 */
package io.treebeard.schemas.validation;
