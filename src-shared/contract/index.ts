/** The contract shared by main, server, preload and renderer: types, schemas and pure helpers only. */
export * from './result.ts';
export * from './schemas.ts';
export * from './types.ts';
export * from './events.ts';
export * from './channels.ts';
export { CHANNEL_NAMES, type ChannelName } from './channel-names.ts';
export * from './validate.ts';
export * from './reference-score.ts';
export * from './sweep.ts';
export * from './edge-table.ts';
export * from './run-comparison.ts';
