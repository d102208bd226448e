/**
 * OpenTelemetry traces of the decide path — the only package that knows OpenTelemetry: the spans of
 * a decision ({@link io.arbiter.tracing.DecideTrace}), started by the use case and the API at their
 * boundaries, and the rule that tracing is off until an OTLP endpoint is configured
 * ({@link io.arbiter.tracing.TracingConfigSourceFactory}).
 */
package io.arbiter.tracing;
