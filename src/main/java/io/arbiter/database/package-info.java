/** Where Arbiter keeps its state: the embedded PostgreSQL default and the connection it hands to Quarkus. */
package io.arbiter.database;
