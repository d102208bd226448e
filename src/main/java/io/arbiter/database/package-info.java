/**
 * Where Arbiter keeps its state: the embedded PostgreSQL default, the connection it hands to Quarkus,
 * and where services begin and end a transaction on the entity stores ({@link io.arbiter.database.Transactions}).
 */
package io.arbiter.database;
