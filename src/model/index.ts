/**
 * The event model: pure types and helpers, importing nothing from the other layers.
 *
 * @module
 */
export * from './event.js';
export * from './ids.js';
export * from './ip.js';
export * from './issue.js';
export * from './kinds.js';
export * from './provenance.js';
export * from './time.js';
