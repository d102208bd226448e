/**
 * The decide use case, above the model ({@code decision}) and the rules ({@code ruleset}): stamp a
 * decision against the active revision, evaluate, record it durably as a {@link io.arbiter.routing.DecisionRecordV1}
 * through the {@link io.arbiter.routing.DecisionLog} port, and answer with the {@link io.arbiter.routing.DecisionV1} recorded —
 * and its {@link io.arbiter.routing.DryRun dry run} against any revision, which records nothing.
 */
package io.arbiter.routing;
