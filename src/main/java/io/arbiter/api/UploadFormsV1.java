package io.arbiter.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * What the two multipart endpoints take, for OpenAPI only: both read their form with
 * {@link MultipartForm}, which refuses any other part, so the schema cannot be read from a signature.
 */
final class UploadFormsV1 {
    private UploadFormsV1() {
    }

    /** {@code POST /v1/rulesets}. */
    @Schema(name = "RuleSetUploadV1", description = "A new DRAFT revision: base's files with these replaced, added and removed")
    record RuleSetUpload(
            @Schema(description = "Rule-set files (*.drl.xlsx, *.drl.xls, *.drl.csv; *.drl for engineers), repeatable")
            List<byte[]> file,
            @Schema(description = "The revision to start from (default: the active one)") Integer base,
            @Schema(description = "File names to drop from base") List<String> remove,
            @Schema(description = "Why, stored with the revision: storable text of at most 2048 bytes") String note) {
    }

    /** {@code POST /v1/simulations} with a history file. */
    @Schema(name = "HistoryUploadV1", description = "A simulation over an uploaded JSON Lines history")
    record HistoryUpload(
            @Schema(description = "JSON Lines: the audit export format, or bare command envelopes (UTF-8)", format = "binary") byte[] history,
            @Schema(description = "The revision to evaluate", required = true) Integer candidateRevision,
            @Schema(description = "A baseline revision number (default: the recorded results)") Integer baseline,
            @Schema(description = "Example decision ids per report cell (default 5, at most 100)") Integer examples) {
    }
}
