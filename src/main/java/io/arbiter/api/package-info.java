/** The HTTP API (v1): maps requests to domain calls and results to JSON and status codes; the only package that knows HTTP. */
package io.arbiter.api;
