// The dashboard: `startUi` serves it for a stack's environment (used by `devkit start`,
// `devkit ui` and `devkit scenario --ui`).

export { ACTION_PATHS } from './api.ts';
export type { ScenarioFeed, TimelineEventView } from './live.ts';
export { DEFAULT_UI_PORT, type StartedUi, startUi, type UiOptions } from './start-ui.ts';
