-- audit_append's statements join and insert into the partitioned decision_log. Left to the plan
-- cache's default, PL/pgSQL keeps planning them afresh on every call (a custom plan looks cheaper
-- than a generic one over all partitions), and planning all partitions then costs more than the
-- rows themselves — measured: the writer's backend spent most of its CPU in the planner, and the
-- cost grew with the log. Generic plans are planned once per connection; partitions are still
-- pruned at run time (decided_at is a run-time parameter of each join).
ALTER FUNCTION audit_append(BIGINT, TEXT, BOOLEAN, UUID[], TIMESTAMPTZ[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[], TEXT[],
                            TEXT[], INTEGER[], TEXT[], TEXT[], TEXT[])
    SET plan_cache_mode = force_generic_plan;
