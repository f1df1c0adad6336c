// Routes a message to a handler by its attributes (e.g. `eventType=OBJECT_FINALIZE`,
// `action=download`): the first route whose every attribute matches wins.
import type { UnitHandler } from './handler.ts';

export interface Route {
  readonly name: string;
  readonly match: Readonly<Record<string, string>>;
  readonly handler: UnitHandler;
}

export interface HandlerRegistry {
  /** Adds a route; `match` {} matches every message. Returns the registry for chaining. */
  on(match: Record<string, string>, handler: UnitHandler, name?: string): HandlerRegistry;
  /** The route for these attributes, or undefined (the message is not for this worker). */
  route(attributes: Readonly<Record<string, string>>): Route | undefined;
  readonly routes: readonly Route[];
}

export function createHandlerRegistry(): HandlerRegistry {
  const routes: Route[] = [];
  const registry: HandlerRegistry = {
    on(match, handler, name) {
      const label =
        name ??
        (Object.entries(match)
          .map(([k, v]) => `${k}=${v}`)
          .join(',') ||
          '*');
      routes.push({ name: label, match: { ...match }, handler });
      return registry;
    },
    route: (attributes) => routes.find((r) => Object.entries(r.match).every(([k, v]) => attributes[k] === v)),
    routes,
  };
  return registry;
}
