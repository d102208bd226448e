package io.arbiter.api;

import io.arbiter.ruleset.TableGrids;

import java.util.List;

/**
 * A table file of a revision as the browser editor shows it ({@code GET …/files/{name}/grid}):
 * every sheet holding a RuleTable, its cells, and per table where its header and rules are.
 *
 * <p>A new table ({@code GET …/{revision}/template}) has the same shape: the file it will be saved as,
 * the revision it will be saved on, and no sha256 — nothing is stored until it is saved.
 *
 * @param sha256 the stored file's sha256, as {@code GET …/files/{name}} serves it in its ETag; null for a new table
 */
public record TableGridV1(int revision, String file, String sha256, List<TableGrids.Sheet> sheets) {
}
