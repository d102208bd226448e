package io.arbiter.ruleset;

import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.ExplainedResult;
import io.arbiter.decision.Route;
import io.arbiter.decision.RouteResolver;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.RuleRow;
import io.arbiter.decision.SignalCondition;
import io.arbiter.decision.SignalReading;
import io.arbiter.decision.SignalReadings;
import org.drools.core.time.impl.PseudoClockScheduler;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.kie.api.KieServices;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.FactHandle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * One compiled, immutable revision, ready to evaluate commands from any thread.
 *
 * <p>Sessions are reused from a pool of our own (not {@code KieBase.newKieSessionsPool}): each
 * evaluation inserts the command, fires every matching rule, then deletes the command, so the
 * session is empty again. The session clock is a pseudo clock set to the decision time, which is
 * how DATE-EFFECTIVE / DATE-EXPIRES are judged "as of" the decision — the same in a replay. The
 * engine matches each row's command fields; the rows' signal columns ({@link SignalCondition}) are
 * tested by {@link RouteResolver} on the rows it considers, against the decision's readings.
 */
public final class CompiledRuleSet {
    private final int revision;
    private final InternalKnowledgeBase kieBase;
    private final Map<Rule, Placed> rows;
    private final KieSessionConfiguration sessionConfiguration;
    private final List<Command> probes;
    private final List<String> signals;
    private final ConcurrentLinkedQueue<Evaluator> pool = new ConcurrentLinkedQueue<>();

    /** A compiled rule's row, and its signal columns bound to this revision's signals (null: none). */
    record Placed(RuleRow row, SignalCondition signals) {
    }

    /**
     * {@code rows}: each compiled rule's row; {@code conditions}: the signal columns of the rows that
     * have some, by rule; the signals they test are this revision's, in name order.
     */
    static CompiledRuleSet of(int revision, InternalKnowledgeBase kieBase, Map<Rule, RuleRow> rows,
                              Map<Rule, SignalCondition> conditions, List<Command> probes) {
        Set<String> tested = new TreeSet<>();
        conditions.values().forEach(c -> tested.addAll(c.signals()));
        List<String> signals = List.copyOf(tested);
        Map<Rule, Placed> placed = new IdentityHashMap<>();
        rows.forEach((rule, row) -> {
            SignalCondition condition = conditions.get(rule);
            placed.put(rule, new Placed(row, condition == null ? null : condition.bind(signals)));
        });
        return new CompiledRuleSet(revision, kieBase, placed, probes, signals);
    }

    private CompiledRuleSet(int revision, InternalKnowledgeBase kieBase, Map<Rule, Placed> rows, List<Command> probes,
                            List<String> signals) {
        this.revision = revision;
        this.kieBase = kieBase;
        this.rows = rows;
        this.probes = probes;
        this.signals = signals;
        this.sessionConfiguration = KieServices.Factory.get().newKieSessionConfiguration();
        this.sessionConfiguration.setOption(ClockTypeOption.PSEUDO);
    }

    /** The same compiled rules under the number the store assigned (sessions are not shared). */
    CompiledRuleSet renumbered(int storedRevision) {
        return new CompiledRuleSet(storedRevision, kieBase, rows, probes, signals);
    }

    /**
     * The signals its tables test, by name in order: what a decision reads from the snapshot (as
     * {@link SignalReadings} in this order) and records, so that its replay sees the same values.
     * Empty for a rule set that tests none.
     */
    public List<String> signals() {
        return signals;
    }

    public int revision() {
        return revision;
    }

    public int ruleCount() {
        return rows.size();
    }

    public List<RuleRow> rows() {
        List<RuleRow> out = new ArrayList<>(rows.size());
        rows.values().forEach(p -> out.add(p.row()));
        return out;
    }

    /**
     * Evaluates a command as of {@code at} with the signals it was read with ({@link #signals()},
     * in that order); the result says which rows decided and why.
     */
    public RoutingResult evaluate(Command command, SignalReadings readings, Instant at) {
        return evaluateWith(command, aligned(readings, at), at, RouteResolver::resolve);
    }

    /** Evaluates a command as of {@code at} with no signal observed: every one this revision tests is stale. */
    public RoutingResult evaluate(Command command, Instant at) {
        return evaluate(command, unobserved(at), at);
    }

    /**
     * Evaluates a command as of {@code at} like {@link #evaluate}, and says where each row that
     * decided is (file, sheet, table, row): for showing an analyst, not for deciding.
     */
    public ExplainedResult explain(Command command, SignalReadings readings, Instant at) {
        return evaluateWith(command, aligned(readings, at), at, RouteResolver::explain);
    }

    /** The revision's signals read from recorded or assumed values by name: a missing one was never observed. */
    public SignalReadings readings(Map<String, SignalReading> byName, Instant at) {
        return SignalReadings.of(signals, byName, at);
    }

    private SignalReadings unobserved(Instant at) {
        return signals.isEmpty() ? SignalReadings.NONE : SignalReadings.of(signals, Map.of(), at);
    }

    /** Conditions read signals by place: readings of other names, or in another order, would be misread. */
    private SignalReadings aligned(SignalReadings readings, Instant at) {
        if (!readings.readFor(signals)) {
            throw new IllegalArgumentException("revision " + revision + " tests signals " + signals + ", read " + readings);
        }
        return readings;
    }

    /** What turns the rows' proposals, their signal columns tested on the readings, into a result. */
    private interface Resolver<T> {
        T apply(String commandType, List<Route.Proposal> proposals, SignalReadings readings);
    }

    private <T> T evaluateWith(Command command, SignalReadings readings, Instant at, Resolver<T> resolver) {
        Evaluator evaluator = pool.poll();
        if (evaluator == null) {
            evaluator = new Evaluator();
        }
        T result;
        try {
            result = evaluator.run(command, readings, at, resolver);
        } catch (RuntimeException e) {
            // A consequence threw: the session may hold half an evaluation, so it is not reused.
            evaluator.session.dispose();
            throw new RuleEvaluationException(revision, command, e);
        }
        pool.offer(evaluator);
        return result;
    }

    /**
     * Builds sessions and runs the warm-up probes (one per table row, see {@link WarmUpProbes})
     * through them before the revision takes traffic, so the first real decisions pay neither for
     * session creation nor for Drools' lazy compilation of constraints.
     */
    public CompiledRuleSet warmUp(int sessions) {
        Instant now = Instant.now();
        List<Evaluator> evaluators = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            evaluators.add(new Evaluator());
        }
        // Past Drools' jitting threshold (20 evaluations of a constraint), spread over the sessions.
        for (int round = 0; round < 25; round++) {
            Evaluator evaluator = evaluators.get(round % sessions);
            evaluator.run(Command.of(EMPTY_PROBE), unobserved(now), now, RouteResolver::resolve);
            for (Command probe : probes) {
                evaluator.run(probe, unobserved(now), now, RouteResolver::resolve);
            }
        }
        pool.addAll(evaluators);
        return this;
    }

    private static final CommandEnvelope EMPTY_PROBE = new CommandEnvelope("warm-up", "WarmUp", null, null, null, null,
            null, null, null, Map.of(), null, null, null);

    private final class Evaluator {
        final KieSession session;
        final Route route = new Route();
        final PseudoClockScheduler clock;

        Evaluator() {
            session = kieBase.newKieSession(sessionConfiguration, null);
            session.setGlobal("route", route);
            clock = (PseudoClockScheduler) session.getSessionClock();
            session.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void beforeMatchFired(BeforeMatchFiredEvent event) {
                    Placed placed = rows.get(event.getMatch().getRule());
                    route.begin(placed.row(), placed.signals());
                }
            });
        }

        <T> T run(Command command, SignalReadings readings, Instant at, Resolver<T> resolver) {
            clock.setStartupTime(at.toEpochMilli());
            route.reset();
            FactHandle handle = session.insert(command);
            try {
                session.fireAllRules();
            } finally {
                session.delete(handle);
            }
            List<Route.Proposal> proposals = route.proposals();
            route.reset();
            return resolver.apply(command.getType(), proposals, readings);
        }
    }
}
