package io.arbiter.ruleset;

import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.ExplainedResult;
import io.arbiter.decision.Route;
import io.arbiter.decision.RouteResolver;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.RuleRow;
import io.arbiter.decision.SignalReading;
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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Set;

/**
 * One compiled, immutable revision, ready to evaluate commands from any thread.
 *
 * <p>Sessions are reused from a pool of our own (not {@code KieBase.newKieSessionsPool}): each
 * evaluation inserts the command, fires every matching rule, then deletes the command, so the
 * session is empty again. The session clock is a pseudo clock set to the decision time, which is
 * how DATE-EFFECTIVE / DATE-EXPIRES are judged "as of" the decision — the same in a replay.
 */
public final class CompiledRuleSet {
    private final int revision;
    private final InternalKnowledgeBase kieBase;
    private final Map<Rule, RuleRow> rows;
    private final KieSessionConfiguration sessionConfiguration;
    private final List<Command> probes;
    private final Set<String> signals;
    private final ConcurrentLinkedQueue<Evaluator> pool = new ConcurrentLinkedQueue<>();

    CompiledRuleSet(int revision, InternalKnowledgeBase kieBase, Map<Rule, RuleRow> rows, List<Command> probes, Set<String> signals) {
        this.revision = revision;
        this.kieBase = kieBase;
        this.rows = rows;
        this.probes = probes;
        this.signals = Set.copyOf(signals);
        this.sessionConfiguration = KieServices.Factory.get().newKieSessionConfiguration();
        this.sessionConfiguration.setOption(ClockTypeOption.PSEUDO);
    }

    /** The same compiled rules under the number the store assigned (sessions are not shared). */
    CompiledRuleSet renumbered(int storedRevision) {
        return new CompiledRuleSet(storedRevision, kieBase, rows, probes, signals);
    }

    /**
     * The signals its tables test, by name: what a decision reads from the snapshot and records, so
     * that its replay sees the same values. Empty for a rule set that tests none.
     */
    public Set<String> signals() {
        return signals;
    }

    public int revision() {
        return revision;
    }

    public int ruleCount() {
        return rows.size();
    }

    public Collection<RuleRow> rows() {
        return rows.values();
    }

    /** Evaluates a command as of {@code at}; the result says which rows decided and why. */
    public RoutingResult evaluate(Command command, Instant at) {
        return evaluateWith(command, at, RouteResolver::resolve);
    }

    /**
     * Evaluates a command as of {@code at} like {@link #evaluate}, and says where each row that
     * decided is (file, sheet, table, row): for showing an analyst, not for deciding.
     */
    public ExplainedResult explain(Command command, Instant at) {
        return evaluateWith(command, at, RouteResolver::explain);
    }

    /** What turns the rows' proposals, and the reasons of the signals they consulted, into a result. */
    private interface Resolver<T> {
        T apply(String commandType, List<Route.Proposal> proposals, List<String> signalReasons);
    }

    private <T> T evaluateWith(Command command, Instant at, Resolver<T> resolver) {
        Evaluator evaluator = pool.poll();
        if (evaluator == null) {
            evaluator = new Evaluator();
        }
        T result;
        try {
            result = evaluator.run(command, at, resolver);
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
            evaluator.run(Command.of(EMPTY_PROBE), now, RouteResolver::resolve);
            for (Command probe : probes) {
                evaluator.run(probe, now, RouteResolver::resolve);
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
                    route.begin(rows.get(event.getMatch().getRule()));
                }
            });
        }

        <T> T run(Command command, Instant at, Resolver<T> resolver) {
            clock.setStartupTime(at.toEpochMilli());
            route.reset();
            command.forgetConsulted();
            FactHandle handle = session.insert(command);
            try {
                session.fireAllRules();
            } finally {
                session.delete(handle);
            }
            List<Route.Proposal> proposals = route.proposals();
            route.reset();
            List<SignalReading> consulted = command.consultedSignals();
            List<String> signalReasons = consulted.isEmpty() ? List.of() : new ArrayList<>(consulted.size());
            consulted.forEach(r -> signalReasons.add(r.reason(at)));
            return resolver.apply(command.getType(), proposals, signalReasons);
        }
    }
}
