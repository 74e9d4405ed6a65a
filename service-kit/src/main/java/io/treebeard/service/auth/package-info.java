/**
 * API keys with rights ({@code read}, {@code write}, {@code admin}), shared by every TreeBeard HTTP service, and the
 * check that refuses placeholder secrets at startup.
 */
package io.treebeard.service.auth;
