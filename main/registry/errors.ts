/** The registry port's errors live in the domain (main/domain/registry-port); adapters throw them. */
export * from '../domain/registry-port/errors';
