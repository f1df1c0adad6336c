// `/_devkit/pubsub/*`: read-only inspection for the dashboard (backlog figures, peek), served on
// the emulator's HTTP/1 side next to the fault admin. GET only; nothing here changes state.
import { DevkitError } from '../../common/index.ts';
import { peekSubscription, subscriptionStats } from '../api/peek.ts';
import type { PubSubState } from '../state/index.ts';

export const INSPECT_PATH = '/_devkit/pubsub';

/**
 * GET /_devkit/pubsub/stats → { subscriptions: SubscriptionStats[] }
 * GET /_devkit/pubsub/peek?subscription=projects/P/subscriptions/S&pageSize=N&pageToken=T → PeekPage
 */
export function handleInspect(state: PubSubState, method: string, url: URL): unknown {
  if (method !== 'GET') throw new DevkitError('NOT_FOUND', `no route ${method} ${url.pathname}`);
  const rest = url.pathname.slice(INSPECT_PATH.length);
  if (rest === '/stats') return { subscriptions: subscriptionStats(state) };
  if (rest === '/peek') {
    const subscription = url.searchParams.get('subscription') ?? '';
    if (!subscription)
      throw new DevkitError('INVALID_ARGUMENT', 'peek needs ?subscription=projects/P/subscriptions/S');
    const pageSize = Number(url.searchParams.get('pageSize') ?? 100);
    return peekSubscription(state, subscription, pageSize, url.searchParams.get('pageToken') ?? '');
  }
  throw new DevkitError('NOT_FOUND', `no route ${method} ${url.pathname}`);
}
