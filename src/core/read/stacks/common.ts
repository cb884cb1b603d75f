// One import for the stack readers: the shared vocabulary (fields.ts), score reading (scores.ts) and
// chunk drafts (drafts.ts).
export * from './fields';
export * from './scores';
export * from './drafts';
