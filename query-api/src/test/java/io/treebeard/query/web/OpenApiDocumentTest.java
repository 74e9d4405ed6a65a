package io.treebeard.query.web;

import io.treebeard.service.testing.OpenApiDocumentChecks;

/** This API's OpenAPI document, held to the checks every API's document passes. */
class OpenApiDocumentTest extends OpenApiDocumentChecks {
}
