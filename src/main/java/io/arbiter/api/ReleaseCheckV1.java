package io.arbiter.api;

import io.arbiter.release.ReleaseService;
import io.arbiter.simulation.Simulation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer of {@code GET /v1/rulesets/{revision}/release}: whether the caller could activate the
 * revision now, and if not, every reason why.
 *
 * @param kind        ACTIVATION (a DRAFT or SIMULATED revision), ROLLBACK (a RETIRED one) or ALREADY_ACTIVE
 * @param allowed     the caller could activate it now without an override
 * @param evidence    the simulation the release would stand on, or null
 * @param reasons     every reason the caller cannot, empty when allowed
 * @param overridable only simulation evidence is missing: an {@code overrideReason} would release it
 */
public record ReleaseCheckV1(int revision, String status, String kind, boolean allowed, EvidenceV1 evidence,
                             List<ReasonV1> reasons, boolean overridable) {

    /** A simulation that passes the gate: how many decisions it replayed and when it finished. */
    public record EvidenceV1(UUID id, Long replayed, Instant finished) {
    }

    /**
     * @param code     ROLE, FOUR_EYES, TENANT, NO_SIMULATION, TOO_FEW_DECISIONS or ALREADY_ACTIVE
     * @param replayed TOO_FEW_DECISIONS: the most decisions a simulation of the revision replayed from the audit log
     * @param required NO_SIMULATION, TOO_FEW_DECISIONS: the decisions the gate needs
     */
    public record ReasonV1(String code, String message, Long replayed, Long required) {
    }

    static ReleaseCheckV1 of(ReleaseService.Verdict v) {
        Simulation s = v.evidence();
        return new ReleaseCheckV1(v.target().revision(), v.target().status().name(), v.kind().name(), v.allowed(),
                s == null ? null : new EvidenceV1(s.id(), s.replayed(), s.finishedAt()),
                v.reasons().stream().map(r -> new ReasonV1(r.code().name(), r.message(), r.replayed(), r.required())).toList(),
                v.overridable());
    }
}
