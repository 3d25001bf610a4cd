/**
 * LanceDB's native module sets up its Rust logger from `LANCEDB_LOG` (env_logger syntax) when it is
 * loaded. We ask for warnings (real ones must reach the terminal) but lower two modules: the one that
 * warns "No existing dataset at …, it will be created" on every new table (LanceDB 0.31 printed it at
 * each build; it is how a build works, not a problem), and the scanner, which warns on every hybrid
 * query that its sub-queries do not select `_distance`/`_score` (a hybrid query cannot select both in
 * 0.37.1: the full-text side has no `_distance`). Imported first by the store modules, so it
 * runs before `@lancedb/lancedb` loads. An operator's own LANCEDB_LOG wins: this only supplies a
 * default to the native module, it is not app configuration.
 */
// eslint-disable-next-line no-restricted-properties -- a default for the native logger, not app config
process.env.LANCEDB_LOG ??= 'warn,lance::dataset::write::insert=error,lance::dataset::scanner=error';
