/**
 * The case commands, exported together so the command registry needs one import line.
 *
 * @module
 */
export { caseCommand } from './case.js';
export { importCommand } from './import.js';
export { sqlCommand } from './sql.js';
