/**
 * Which bounded context owns a command: the fact model rules see, and how matched rows become one decision.
 *
 * <h2>The fact model</h2>
 * {@link io.arbiter.decision.FactModel} declares every field a decision table or DRL rule may test —
 * name, {@link io.arbiter.decision.FactType type} (and so its comparisons), example, description, and
 * for text a caller sends its length and whether it is required. The condition grammar, the cell
 * checks of CONDITION columns, the warm-up probes, the decide request's validation and its OpenAPI
 * description read it; {@link io.arbiter.decision.Command}'s getters, the envelope, the wire record
 * and the field table of {@code decision-tables/README.md} are checked against it by tests.
 *
 * <p>To add a field:
 * <ol>
 *   <li>Declare it in {@code FactModel}, where the analyst guide should list it.</li>
 *   <li>Give {@code Command} the getter Drools reads it through ({@code getRegion()} for {@code region}).
 *       Text a caller sends also gets its accessor in {@link io.arbiter.decision.CommandFields}, which
 *       the entry refers to; the compiler then asks for the component in {@code CommandEnvelope} and
 *       {@code api.DecideRequestV1}, and for its place wherever an envelope is built argument by
 *       argument ({@code DecideRequestReader}, test helpers). A field Arbiter derives (like {@code bucket}) is worked out where the
 *       {@code Command} is made, so that a replay derives it the same way.</li>
 *   <li>Add its row to the field table in {@code decision-tables/README.md}: {@code AnalystGuideTest}
 *       prints the table as the model renders it.</li>
 *   <li>Run the tests: {@code FactModelTest}, {@code FactModelConditionsTest} (a condition on every
 *       field compiles and matches), {@code DecideRequestFieldsTest} and {@code OpenApiTest} take
 *       the new field as a case of their own; a derived field needs {@code
 *       FactModelConditionsTest.carrying} taught how a command carries it.</li>
 * </ol>
 * The request's trace fields ({@code FactModel.TRACE_FIELDS}) are deliberately not facts.
 */
package io.arbiter.decision;
