package io.arbiter.ruleset;

import io.arbiter.decision.Command;
import io.arbiter.decision.RuleRow;
import io.arbiter.decision.SignalCondition;
import io.arbiter.decision.SignalDeclaration;
import org.drools.base.base.ClassObjectType;
import org.drools.base.rule.Pattern;
import org.drools.base.rule.RuleConditionElement;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.io.ResourceFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;


/**
 * Compiles a rule set — decision tables and DRL — into a Drools knowledge base, or rejects it
 * with every problem located to file, sheet, row and column. Nothing is stored here.
 *
 * <p>Precedence: files apply in name order (so {@code 10-ownership.drl.xlsx} before
 * {@code 20-migration.drl.csv}); within a workbook, sheets in order and tables top to bottom.
 * A DRL file counts as one table whose rows are its rules in file order.
 */
public final class RuleSetCompiler {
    /** At most this many problems are reported; the rest are counted. */
    static final int MAX_ERRORS = 50;

    static {
        // Drools reads its date format once from this property; DATE-EFFECTIVE cells are rewritten to it.
        System.setProperty("drools.dateformat", Dates.DROOLS_DATE_FORMAT);
    }

    private final Map<String, SignalDeclaration> signals;

    /**
     * A compiler for rule sets whose tables may test these declared signals (by name). Null: any
     * well-formed signal name, typed by the literal it is compared with — for the offline simulator,
     * which has no service configuration to read declarations from.
     */
    public RuleSetCompiler(Map<String, SignalDeclaration> signals) {
        this.signals = signals == null ? null : Map.copyOf(signals);
    }

    public CompiledRuleSet compile(int revision, List<RuleSetFile> files) {
        List<RuleSetError> errors = new ArrayList<>();
        List<RuleSetFile> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparing(RuleSetFile::name));
        if (ordered.isEmpty()) {
            throw new RuleSetRejectedException(List.of(RuleSetError.ofFile(null, "A rule set needs at least one file")));
        }
        Map<String, TableParser.Sheet> sheetsByPath = new LinkedHashMap<>();
        Map<String, RuleSetFile> drlByPath = new LinkedHashMap<>();
        for (RuleSetFile file : ordered) {
            if (file.kind() == null) {
                errors.add(RuleSetError.ofFile(file.name(),
                        "Unsupported file name: use *.drl.xlsx, *.drl.xls or *.drl.csv for decision tables and *.drl for rules"));
            } else if (file.isTable()) {
                for (TableParser.Sheet sheet : TableParser.parse(file, signals, errors)) {
                    sheetsByPath.put(sourcePath(revision, file.name(), sheet.sheet()), sheet);
                }
            } else if (cleanText(file, errors)) {
                drlByPath.put(sourcePath(revision, file.name(), null), file);
            }
        }
        checkUniqueNames(sheetsByPath.values(), errors);
        if (!errors.isEmpty()) {
            throw rejected(errors);
        }

        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        sheetsByPath.forEach((path, sheet) -> builder.add(ResourceFactory
                .newByteArrayResource(sheet.drl().getBytes(StandardCharsets.UTF_8)).setSourcePath(path), ResourceType.DRL));
        drlByPath.forEach((path, file) -> builder.add(ResourceFactory
                .newByteArrayResource(file.content()).setSourcePath(path), ResourceType.DRL));
        for (KnowledgeBuilderResult result : builder.getResults(org.kie.internal.builder.ResultSeverity.ERROR)) {
            // Drools adds this after any parse error in a resource; the real error is reported already.
            if (!"Parser returned a null Package".equals(result.getMessage())) {
                errors.add(locate(result, sheetsByPath, drlByPath));
            }
        }
        if (!errors.isEmpty()) {
            throw rejected(errors);
        }

        for (Map.Entry<String, RuleSetFile> drl : drlByPath.entrySet()) {
            for (KiePackage pkg : builder.getKnowledgePackages()) {
                for (Rule rule : pkg.getRules()) {
                    RuleImpl impl = (RuleImpl) rule;
                    if (drl.getKey().equals(impl.getResource().getSourcePath()) && !matchesCommand(impl.getLhs())) {
                        // Without a Command pattern a rule fires once per (reused) session, not once per command.
                        errors.add(RuleSetError.ofFile(drl.getValue().name(), "Rule '" + impl.getName()
                                + "' does not match on Command: every rule must have a Command(...) pattern"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw rejected(errors);
        }

        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase();
        kieBase.addPackages(builder.getKnowledgePackages());
        Map<Rule, RuleRow> rows = new IdentityHashMap<>();
        Map<Rule, SignalCondition> conditions = new IdentityHashMap<>();
        placeRules(kieBase, ordered, sheetsByPath, drlByPath, rows, conditions);
        if (rows.isEmpty()) {
            throw rejected(List.of(RuleSetError.ofFile(null, "The rule set holds no rules")));
        }
        List<Command> probes = new ArrayList<>();
        sheetsByPath.values().forEach(sheet -> probes.addAll(WarmUpProbes.of(sheet)));
        return CompiledRuleSet.of(revision, kieBase, rows, conditions, probes);
    }

    /** DRL is text like any other upload: UTF-8, and no NUL, control characters or lone surrogates (located by line). */
    private static boolean cleanText(RuleSetFile file, List<RuleSetError> errors) {
        String text = Utf8Text.decode(file.name(), file.content(), "save it with the UTF-8 character set", errors);
        if (text == null) {
            return false;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String problem = CellText.problem(lines[i]);
            if (problem != null) {
                errors.add(new RuleSetError(file.name(), null, i + 1, null, "The line " + problem));
                return false;
            }
        }
        return true;
    }

    /** A rule's name is how matchedRules, reasons and reports name its row: one name, one row in the whole rule set. */
    private static void checkUniqueNames(java.util.Collection<TableParser.Sheet> sheets, List<RuleSetError> errors) {
        Map<String, String> seen = new HashMap<>();
        for (TableParser.Sheet sheet : sheets) {
            for (TableParser.TableRule rule : sheet.rules()) {
                String where = sheet.file() + (sheet.sheet() == null ? "" : " sheet '" + sheet.sheet() + "'") + " row " + rule.row();
                String first = seen.putIfAbsent(rule.name(), where);
                if (first != null) {
                    errors.add(new RuleSetError(sheet.file(), sheet.sheet(), rule.row(), rule.nameColumn(), "The rule name '"
                            + rule.name() + "' is already used by " + first + ": rule names are unique in a rule set"));
                }
            }
        }
    }

    private static boolean matchesCommand(RuleConditionElement element) {
        if (element instanceof Pattern pattern) {
            return pattern.getObjectType() instanceof ClassObjectType type && type.getClassType() == Command.class;
        }
        return element.getNestedElements().stream().anyMatch(RuleSetCompiler::matchesCommand);
    }

    /** Versioned so Drools never confuses two revisions' resources (its decision-table cache is keyed by path). */
    private static String sourcePath(int revision, String file, String sheet) {
        return "arbiter/r" + revision + "/" + file + (sheet == null ? "" : "/" + sheet.replace('/', '_') + ".drl");
    }

    private static RuleSetRejectedException rejected(List<RuleSetError> errors) {
        if (errors.size() <= MAX_ERRORS) {
            return new RuleSetRejectedException(errors);
        }
        List<RuleSetError> first = new ArrayList<>(errors.subList(0, MAX_ERRORS));
        first.add(RuleSetError.ofFile(null, (errors.size() - MAX_ERRORS) + " more problem(s) not listed"));
        return new RuleSetRejectedException(first);
    }

    /** Assigns every compiled rule its table, row and precedence ({@code rows}), and a table row its signal columns ({@code conditions}). */
    private static void placeRules(InternalKnowledgeBase kieBase, List<RuleSetFile> ordered, Map<String, TableParser.Sheet> sheets,
                                   Map<String, RuleSetFile> drls, Map<Rule, RuleRow> rows, Map<Rule, SignalCondition> conditions) {
        Map<String, List<RuleImpl>> rulesByPath = new HashMap<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                RuleImpl impl = (RuleImpl) rule;
                rulesByPath.computeIfAbsent(impl.getResource().getSourcePath(), p -> new ArrayList<>()).add(impl);
            }
        }
        int total = rulesByPath.values().stream().mapToInt(List::size).sum();
        int precedence = 0;
        for (RuleSetFile file : ordered) {
            if (file.isTable()) {
                for (Map.Entry<String, TableParser.Sheet> e : sheets.entrySet()) {
                    TableParser.Sheet sheet = e.getValue();
                    if (!sheet.file().equals(file.name())) {
                        continue;
                    }
                    Map<String, RuleImpl> byName = new HashMap<>();
                    rulesByPath.getOrDefault(e.getKey(), List.of()).forEach(r -> byName.put(r.getName(), r));
                    for (TableParser.TableRule tr : sheet.rules()) {
                        RuleImpl impl = byName.get(tr.name());
                        if (impl == null) {
                            continue;
                        }
                        rows.put(impl, new RuleRow(tr.name(), file.name(), sheet.sheet(), tr.table(), tr.row(),
                                precedence + tr.tableIndex()));
                        if (tr.signals() != null) {
                            conditions.put(impl, tr.signals());
                        }
                    }
                    precedence += sheet.tables().size();
                }
            } else {
                String path = drls.entrySet().stream().filter(d -> d.getValue() == file).findFirst().orElseThrow().getKey();
                List<RuleImpl> rules = new ArrayList<>(rulesByPath.getOrDefault(path, List.of()));
                rules.sort(Comparator.comparingInt(RuleImpl::getLoadOrder));
                String table = file.name().substring(0, file.name().length() - ".drl".length());
                int position = 1;
                for (RuleImpl impl : rules) {
                    rows.put(impl, new RuleRow(impl.getName(), file.name(), null, table, position++, precedence));
                }
                precedence++;
            }
        }
        if (rows.size() != total) {
            // Every rule must know its table and row, or first-match and precedence would be guesses.
            throw new IllegalStateException("Placed " + rows.size() + " of " + total + " compiled rules in their tables");
        }
    }

    private static RuleSetError locate(KnowledgeBuilderResult result, Map<String, TableParser.Sheet> sheets,
                                       Map<String, RuleSetFile> drls) {
        String path = result.getResource() == null ? null : result.getResource().getSourcePath();
        String message = clean(result.getMessage());
        int line = result.getLines() != null && result.getLines().length > 0 ? result.getLines()[0] : -1;
        TableParser.Sheet sheet = path == null ? null : sheets.get(path);
        if (sheet != null) {
            TableParser.TableRule rule = line > 0 ? sheet.ruleAtLine(line) : null;
            if (rule == null && result instanceof KnowledgeBuilderError) {
                rule = ruleNamed(sheet, message);
            }
            if (rule == null) {
                return new RuleSetError(sheet.file(), sheet.sheet(), null, null, message);
            }
            return new RuleSetError(sheet.file(), sheet.sheet(), rule.row(), sheet.columnsByLine().get(line),
                    "Rule '" + rule.name() + "' (table '" + rule.table() + "'): " + message);
        }
        RuleSetFile drl = path == null ? null : drls.get(path);
        if (drl != null) {
            return new RuleSetError(drl.name(), null, line > 0 ? line : null, null, message);
        }
        return RuleSetError.ofFile(null, message);
    }

    private static TableParser.TableRule ruleNamed(TableParser.Sheet sheet, String message) {
        for (TableParser.TableRule r : sheet.rules()) {
            if (message.contains("\"" + r.name() + "\"") || message.contains("'" + r.name() + "'")) {
                return r;
            }
        }
        return null;
    }

    private static String clean(String message) {
        String m = message == null ? "" : message.strip().replaceAll("\\s+", " ");
        return m.length() > 400 ? m.substring(0, 400) + "…" : m;
    }
}
