export { openDatabase, rowsOf, MIGRATIONS_DIR, type Database, type Db, type OpenDatabaseOptions } from './client.js';
export * from './errors.js';
export * from './repositories/index.js';
