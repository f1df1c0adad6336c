// Attribute routing, the tutorial's `user_id` tasks: one subscription per user with a server-side
// filter versus one unfiltered subscription whose consumers drop other users' tasks. Both route
// correctly; the filtered one delivers only what each consumer needs (side-by-side numbers).
import type { Message } from '@google-cloud/pubsub';
import type { ScenarioContext } from '../src/scenario/index.ts';
import { defineScenario } from '../src/scenario/index.ts';

const USERS = ['alice', 'bob', 'carol'];

interface Routing {
  published: Record<string, string[]>;
  filtered: Record<string, string[]>;
  clientSide: Record<string, string[]>;
  clientSideDeliveries: number;
}

function add(lists: Record<string, string[]>, key: string, value: string): void {
  const list = lists[key] ?? [];
  list.push(value);
  lists[key] = list;
}

/** Receives from a subscription until it has been quiet for `quietMs`; acks everything. */
async function drain(ctx: ScenarioContext, name: string, onMessage: (m: Message) => void, quietMs = 1500) {
  const subscription = ctx.pubsub.subscription(name);
  let last = Date.now();
  subscription.on('message', (m: Message) => {
    last = Date.now();
    onMessage(m);
    m.ack();
  });
  await ctx.waitFor(`${name} quiet`, () => Date.now() - last > quietMs, 60_000);
  await subscription.close();
}

export default defineScenario({
  name: 'attribute-routing',
  description: 'user_id tasks: server-side filtered subscriptions vs client-side filtering',
  defaults: { files: 90, workers: 3 },
  async run(ctx) {
    const topic = `tasks-${ctx.options.seed}`;
    await ctx.pubsub.createTopic(topic);
    for (const user of USERS) {
      await ctx.pubsub
        .topic(topic)
        .createSubscription(`${user}-tasks`, { filter: `attributes.user_id = "${user}"` });
    }
    await ctx.pubsub.topic(topic).createSubscription('all-tasks');
    const routing: Routing = { published: {}, filtered: {}, clientSide: {}, clientSideDeliveries: 0 };
    ctx.state.routing = routing;
    for (let i = 0; i < ctx.options.files; i++) {
      const user = USERS[Math.floor(ctx.random() * USERS.length)]!;
      const id = await ctx.pubsub
        .topic(topic)
        .publishMessage({ json: { task: i }, attributes: { user_id: user, action: 'download' } });
      add(routing.published, user, id);
    }
    ctx.note(`${ctx.options.files} tasks published`);
    // Server-side: each user's consumer reads only its own subscription.
    await Promise.all(
      USERS.map((user) =>
        drain(ctx, `${user}-tasks`, (m) => {
          add(routing.filtered, user, m.id);
          ctx.timeline.record(`${user}-tasks`, 'complete', { unit: m.id });
        }),
      ),
    );
    // Client-side: each consumer gets every task on one subscription and drops the others'.
    await drain(ctx, 'all-tasks', (m) => {
      routing.clientSideDeliveries++;
      const user = m.attributes.user_id!;
      add(routing.clientSide, user, m.id);
      ctx.timeline.record('all-tasks', 'claim', { unit: m.id, detail: user });
    });
    ctx.metrics.tasks = ctx.options.files;
    ctx.metrics.filteredDeliveries = Object.values(routing.filtered).flat().length;
    // Each of the consumers would have received every task: that is the client-side cost.
    ctx.metrics.clientSideDeliveriesPerConsumer = routing.clientSideDeliveries;
    ctx.metrics.clientSideDiscarded = routing.clientSideDeliveries * USERS.length - ctx.options.files;
  },
  invariants: [
    {
      name: 'each filtered subscription got exactly its user’s tasks',
      check(ctx) {
        const r = ctx.state.routing as Routing;
        const wrong = USERS.filter(
          (u) => [...(r.filtered[u] ?? [])].sort().join() !== [...(r.published[u] ?? [])].sort().join(),
        );
        const sizes = USERS.map(
          (u) => `${u}:${r.filtered[u]?.length ?? 0}/${r.published[u]?.length ?? 0}`,
        ).join(' ');
        return {
          passed: wrong.length === 0,
          detail: wrong.length ? `mismatch for ${wrong.join(', ')}; ${sizes}` : sizes,
        };
      },
    },
    {
      name: 'client-side filtering also routes correctly, at a cost',
      check(ctx) {
        const r = ctx.state.routing as Routing;
        const same = USERS.every((u) => (r.clientSide[u]?.length ?? 0) === (r.published[u]?.length ?? 0));
        const filtered = ctx.metrics.filteredDeliveries ?? 0;
        const clientSide = (ctx.metrics.clientSideDeliveriesPerConsumer ?? 0) * USERS.length;
        return {
          passed: same && clientSide > filtered,
          detail: `${filtered} deliveries with server-side filters vs ${clientSide} with client-side filtering (${ctx.metrics.clientSideDiscarded} discarded)`,
        };
      },
    },
  ],
});
