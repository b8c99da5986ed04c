export * from './errors';
export * from './ipc';
