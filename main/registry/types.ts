/** The registry port's types live in the domain (main/domain/registry-port); adapters implement them. */
export * from '../domain/registry-port/types';
