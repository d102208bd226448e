package io.arbiter.database;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.SelectableConsumer;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Flyway owns the schema and Hibernate never changes it (schema-management none), so the entity
 * mapping is checked against the migrations here, once, instead of at every start.
 */
@QuarkusTest
class EntityMappingTest {
    @Inject
    SessionFactory sessionFactory;

    @Inject
    DataSource dataSource;

    @Test
    void theEntityMappingValidatesAgainstTheSchemaTheMigrationsBuild() {
        // Hibernate's own validation: every mapped table and column exists, with a compatible type.
        sessionFactory.getSchemaManager().validateMappedObjects();
    }

    @Test
    void everyColumnOfTheEntityTablesIsMappedSoNoneIsLeftToItsDefault() throws SQLException {
        Map<String, Set<String>> mapped = new TreeMap<>();
        SessionFactoryImplementor factory = sessionFactory.unwrap(SessionFactoryImplementor.class);
        factory.getMappingMetamodel().forEachEntityDescriptor(entity -> {
            Set<String> columns = mapped.computeIfAbsent(entity.getTableName(), t -> new TreeSet<>());
            SelectableConsumer column = (i, selectable) -> {
                if (!selectable.isFormula()) {
                    columns.add(selectable.getSelectionExpression());
                }
            };
            entity.getIdentifierMapping().forEachSelectable(column);
            entity.forEachAttributeMapping(attribute -> attribute.forEachSelectable(column));
        });

        assertEquals(Set.of("ruleset_revision", "ruleset_file", "ruleset_activation", "simulation", "signal_latest", "signal_push"), mapped.keySet(),
                "the entity stores; the audit log's tables are plain JDBC");
        for (Map.Entry<String, Set<String>> table : mapped.entrySet()) {
            assertEquals(columnsOf(table.getKey()), table.getValue(), table.getKey());
        }
    }

    private Set<String> columnsOf(String table) throws SQLException {
        Set<String> columns = new TreeSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }
}
